package dev.parley.web.security;

/** A widget token was refused; the message says why (malformed, forged, expired) and never repeats the token. */
public class InvalidTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused: an expired token is the one a portal can cure by fetching a fresh one. */
    public enum Reason { MISSING, MALFORMED, FORGED, EXPIRED }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
