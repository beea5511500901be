package dev.parley.warmup;

/** A provider failed or hung during the warm-up rehearsal. */
public final class WarmUpException extends Exception {
    private static final long serialVersionUID = 1L;

    public WarmUpException(String message, Throwable cause) {
        super(message, cause);
    }
}
