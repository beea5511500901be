package dev.parley.media;

/**
 * Hears that a session's media ended without being asked to: the media server went away, came
 * back as a new server, or reported an error on the session's pipeline. Called at most once, on a
 * Kurento client thread.
 */
public interface MediaFailureListener {

    void mediaFailed(MediaFailure failure);

    /**
     * The browser's audio started or stopped reaching the media server (MediaFlowIn on its
     * WebRtcEndpoint; "stopped" comes a few seconds after the last packet). A browser that stays
     * silent this way has gone, whatever its signalling says.
     */
    default void browserAudioFlowing(boolean flowing) {
    }

    /** Why the media ended; {@code detail} is a sentence for logs and the admin API. */
    record MediaFailure(Kind kind, String detail) {
    }

    enum Kind {
        /** The connection to the media server dropped (process gone, network cut). */
        MEDIA_SERVER_LOST,
        /** The client reconnected to a media server that no longer knows this session's objects. */
        MEDIA_SERVER_RESTARTED,
        /** The media server reported an error on the session's pipeline or endpoints. */
        MEDIA_ERROR
    }
}
