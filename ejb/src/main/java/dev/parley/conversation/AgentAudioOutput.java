package dev.parley.conversation;

/**
 * Where the agent's speech goes: the RTP bridge encodes and paces it, one packet per 20 ms. The
 * engine queues audio far ahead of playback, so {@link #pause()} and {@link #flush()} must act at
 * once, and the output reports what it actually sent, which is how the engine knows what the user
 * heard.
 *
 * <p>Every chunk carries its tag (the reply's generation and the index of the text chunk it speaks),
 * and every report names that tag: the output is the one ledger of what went out, and nothing
 * translates ids between layers.
 */
public interface AgentAudioOutput {

    /** Queues 16 kHz mono PCM behind what is already queued (behind held audio too). Must not block. */
    void enqueue(AgentAudioChunk chunk);

    /**
     * Drops everything queued and not yet sent, held audio included, and ends a pause. Every sample
     * that did go out has been reported to the playback listener when this returns.
     *
     * @return how many 20 ms frames were dropped
     */
    int flush();

    /**
     * Stops the agent's audio at the next packet boundary and keeps everything not yet sent; the
     * stream itself goes on (silence), so the page's jitter buffer is not disturbed. Every sample
     * that did go out has been reported when this returns. A second call while paused changes
     * nothing.
     *
     * @return how many 20 ms frames are held
     */
    int pause();

    /**
     * Sends the held audio again from its first unsent sample, at the next packet time. Does nothing
     * when not paused.
     */
    void resume();

    /**
     * Reports sent audio to {@code listener} from now on (called once, before the first chunk).
     * Reports may come from any thread; the engine hops to its own lane.
     */
    void setPlaybackListener(PlaybackListener listener);

    /** A piece of a reply's audio: {@code generation} names the reply, {@code chunk} the text chunk it speaks. */
    record AgentAudioChunk(long generation, int chunk, short[] pcm) {
    }

    /**
     * Reports may be as fine as one packet or as coarse as one queued chunk, but a pause or flush
     * reports the exact samples sent of the chunk it stopped; the first report of a chunk is its
     * first packet (that is "first audio out").
     */
    @FunctionalInterface
    interface PlaybackListener {
        /** {@code samples} more samples of text chunk {@code chunk} of reply {@code generation} were sent at {@code sentAtNanos}. */
        void onPlayed(long generation, int chunk, int samples, long sentAtNanos);
    }
}
