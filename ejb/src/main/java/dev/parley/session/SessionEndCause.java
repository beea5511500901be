package dev.parley.session;

/** Why a voice session ended. */
public enum SessionEndCause {
    /** The user or the application hung up. */
    HANG_UP,
    /** The browser went away (its signalling connection closed). */
    CLIENT_GONE,
    /** An administrator terminated it. */
    TERMINATED,
    /** The conversation ended itself: idle timeout, or a provider failure it cannot recover from (its maximum duration is {@link #MAX_DURATION}). */
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
    SHUTDOWN;

    /** The cause of a session whose conversation ended for {@code reason}: its own time limit is the session's too. */
    public static SessionEndCause of(dev.parley.conversation.SessionEndReason reason) {
        return reason == dev.parley.conversation.SessionEndReason.MAX_DURATION ? MAX_DURATION : CONVERSATION_ENDED;
    }
}
