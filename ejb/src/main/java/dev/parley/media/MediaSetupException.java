package dev.parley.media;

/** A session's media could not be built or negotiated; the message says which step failed and why. */
public class MediaSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MediaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
