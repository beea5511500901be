package dev.parley.conversation;

import java.util.Locale;

/**
 * Why a voice session ended: one vocabulary for the engine that ends itself, the session that
 * ends it, the store ({@link #name()}, e.g. {@code MAX_DURATION}), the metrics and the widget's
 * {@code ended} event ({@link #wireName()}, e.g. {@code max-duration}). It lives beside the engine
 * because the engine is the lowest layer that ends sessions (idle, maximum duration); the session
 * layer above adds the causes it sees.
 */
public enum SessionEndCause {
    /** The user or the application hung up. */
    HANG_UP,
    /** The browser went away (its signalling connection closed, or its audio stopped or never came). */
    CLIENT_GONE,
    /** An administrator terminated it. */
    TERMINATED,
    /** The conversation could not go on (it could not start). */
    CONVERSATION_ENDED,
    /** The user stayed silent after the idle prompt. */
    IDLE_TIMEOUT,
    /** The session reached the longest time it may last (the server's limit or its widget token's, the shorter). */
    MAX_DURATION,
    /** The connection to the media server dropped. */
    MEDIA_SERVER_LOST,
    /** The media server restarted and no longer knows the session's media. */
    MEDIA_SERVER_RESTARTED,
    /** The media server reported an error on the session's media. */
    MEDIA_ERROR,
    /** The application is stopping. */
    SHUTDOWN,
    /** The Parley instance that held the session left the cluster (crashed or cut off); recorded by another instance. */
    INSTANCE_LOST;

    /** The value of the widget's {@code ended.reason}: the name in lower case, words joined by '-' ({@code max-duration}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
