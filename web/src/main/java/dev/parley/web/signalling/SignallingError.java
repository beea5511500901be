package dev.parley.web.signalling;

/**
 * Tells the client its message could not be handled. The connection stays open: one bad message
 * does not end a call.
 *
 * @param code    stable, machine-readable kind of error (e.g. {@code malformed-message})
 * @param message what was wrong, for a person reading the logs
 */
public record SignallingError(String code, String message) implements ServerMessage {

    public static final String MALFORMED_MESSAGE = "malformed-message";
}
