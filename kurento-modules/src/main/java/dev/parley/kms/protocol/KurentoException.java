package dev.parley.kms.protocol;

import dev.parley.kms.media.ErrorCode;

/** A request failure answered with a KMS-shaped JSON-RPC error. */
public class KurentoException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int code;
    private final String type;

    public KurentoException(ErrorCode error, String message) {
        this(error.code(), error.type(), message);
    }

    public KurentoException(int code, String type, String message) {
        super(message);
        this.code = code;
        this.type = type;
    }

    public int code() {
        return code;
    }

    /** {@code data.type}, or null when the error carries no data. */
    public String type() {
        return type;
    }
}
