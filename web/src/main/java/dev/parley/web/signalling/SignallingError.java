package dev.parley.web.signalling;

/**
 * Tells the client its message could not be handled. The connection stays open: one bad message
 * does not end a call. Only the refusals of the connection itself ({@code origin-refused},
 * {@code token-required}, {@code token-refused}, {@code token-expired}) are followed by a close.
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
    /** The page's Origin may not use this server; the socket closes (1008). */
    public static final String ORIGIN_REFUSED = "origin-refused";
    /** No widget token and not in demo mode; the socket closes (1008). */
    public static final String TOKEN_REQUIRED = "token-required";
    /** The widget token is malformed or forged; the socket closes (1008). */
    public static final String TOKEN_REFUSED = "token-refused";
    /** The widget token expired: the portal should fetch a fresh one; the socket closes (1008). */
    public static final String TOKEN_EXPIRED = "token-expired";
    /** The server already runs parley.limits.max-concurrent-sessions sessions; no session is started. */
    public static final String SERVER_BUSY = "server-busy";
    /** The connection sent more than parley.limits.max-messages-per-second; the excess is dropped. */
    public static final String RATE_LIMITED = "rate-limited";
    /** start.language is none the speech providers understand; no session is started. */
    public static final String UNSUPPORTED_LANGUAGE = "unsupported-language";
    /** A {@code text} message longer than {@link UserText#MAX_CHARS}; nothing of it is taken. */
    public static final String TEXT_TOO_LONG = "text-too-long";
}
