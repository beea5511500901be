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
    public static final String MESSAGE_TOO_LARGE = "message-too-large";
    public static final String UNSUPPORTED_VERSION = "unsupported-version";
    public static final String INVALID_SDP = "invalid-sdp";
    public static final String INVALID_CANDIDATE = "invalid-candidate";
    public static final String ALREADY_STARTED = "already-started";
    public static final String NO_SESSION = "no-session";
    public static final String TOO_MANY_SESSIONS = "too-many-sessions";
    public static final String MEDIA_UNAVAILABLE = "media-unavailable";
    public static final String MEDIA_FAILED = "media-failed";
}
