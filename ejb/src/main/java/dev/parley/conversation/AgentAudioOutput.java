package dev.parley.conversation;

/**
 * Where the agent's speech goes: the RTP bridge encodes and paces it, one packet per 20 ms. The
 * engine queues audio far ahead of playback, so {@link #flush()} must drop everything queued at once,
 * and the output reports what it actually sent, which is how the engine knows what the user heard.
 */
public interface AgentAudioOutput {

    /** Queues 16 kHz mono PCM behind what is already queued. Must not block. */
    void enqueue(AgentAudioChunk chunk);

    /** Drops everything queued and not yet sent; returns how many 20 ms frames were dropped. */
    int flush();

    /**
     * Reports sent audio to {@code listener} from now on (called once, before the first chunk).
     * Reports may come from any thread; the engine hops to its own lane.
     */
    void setPlaybackListener(PlaybackListener listener);

    /** A piece of a reply's audio; {@code generation} names the reply it belongs to. */
    record AgentAudioChunk(long generation, short[] pcm) {
    }

    /**
     * Reports may be as fine as one packet or as coarse as one queued chunk: an output that only
     * knows when a chunk started and finished reports {@code 0} samples at its first packet (that
     * is "first audio out") and the chunk's samples at its last. The heard text of an interrupted
     * reply is then exact to one chunk.
     */
    @FunctionalInterface
    interface PlaybackListener {
        /** {@code samples} more samples of reply {@code generation} were sent to the user at {@code sentAtNanos}. */
        void onPlayed(long generation, int samples, long sentAtNanos);
    }
}
