package dev.parley.media;

/** The media server cannot be used right now: not running, unreachable, or the connection was lost. */
public class MediaServerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MediaServerUnavailableException(String message) {
        super(message);
    }

    public MediaServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
