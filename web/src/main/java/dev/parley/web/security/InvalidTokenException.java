package dev.parley.web.security;

/** A widget token was refused; the message says why (malformed, forged, expired) and never repeats the token. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
