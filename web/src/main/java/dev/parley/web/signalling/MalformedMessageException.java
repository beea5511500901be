package dev.parley.web.signalling;

/** A text frame that is not a signalling message Parley understands. */
public class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
