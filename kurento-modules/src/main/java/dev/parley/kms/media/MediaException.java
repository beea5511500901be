package dev.parley.kms.media;

/** A media failure that the protocol layer answers with the given Kurento error code and type. */
public class MediaException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int code;
    private final String type;

    public MediaException(ErrorCode error, String message) {
        this(error.code(), error.type(), message);
    }

    public MediaException(ErrorCode error, String message, Throwable cause) {
        this(error.code(), error.type(), message, cause);
    }

    public MediaException(int code, String type, String message) {
        super(message);
        this.code = code;
        this.type = type;
    }

    public MediaException(int code, String type, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.type = type;
    }

    public int code() {
        return code;
    }

    public String type() {
        return type;
    }
}
