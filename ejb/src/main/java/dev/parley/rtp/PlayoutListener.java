package dev.parley.rtp;

/**
 * Hears when queued agent audio actually leaves the bridge, for "first audio out" timings and for
 * knowing what the user heard before a barge-in ({@link RtpAudioBridge#flush()} returns the rest).
 * Called on the bridge's sending thread: be quick, never block, never throw.
 */
public interface PlayoutListener {

    PlayoutListener NONE = new PlayoutListener() {
    };

    /** The first packet holding audio of chunk {@code chunkId} was sent at {@code monotonicNanos}. */
    default void chunkStarted(long chunkId, long monotonicNanos) {
    }

    /** The last packet holding audio of chunk {@code chunkId} was sent at {@code monotonicNanos}. */
    default void chunkFinished(long chunkId, long monotonicNanos) {
    }
}
