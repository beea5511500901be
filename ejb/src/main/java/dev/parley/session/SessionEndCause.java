package dev.parley.session;

/** Why a voice session ended. */
public enum SessionEndCause {
    /** The user or the application hung up. */
    HANG_UP,
    /** The browser went away (its signalling connection closed). */
    CLIENT_GONE,
    /** An administrator terminated it. */
    TERMINATED,
    /** The conversation ended itself: idle timeout, maximum duration, or a provider failure it cannot recover from. */
    CONVERSATION_ENDED,
    /** The session reached the longest time it may last (its widget token's limit or the server's). */
    MAX_DURATION,
    /** The connection to the media server dropped. */
    MEDIA_SERVER_LOST,
    /** The media server restarted and no longer knows the session's media. */
    MEDIA_SERVER_RESTARTED,
    /** The media server reported an error on the session's media. */
    MEDIA_ERROR,
    /** The application is stopping. */
    SHUTDOWN
}
