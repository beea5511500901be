package dev.parley.kms.media;

/**
 * A player's media: one uri decoded (GStreamer's uridecodebin) to the element's audio output, in
 * real time. The protocol layer keeps Kurento's UriEndpoint states (STOP, START, PAUSE) and calls
 * these only for real transitions; the end of the stream arrives on the {@link PlayerListener},
 * failures (an unreadable uri, undecodable media) as {@link MediaEventSink#error}.
 */
public interface PlayerMedia extends ElementMedia {

    /** Starts from the beginning after a stop (or at first), or resumes after {@link #pause()}. */
    void play();

    /** Holds playback where it is; {@link #play()} resumes from there. */
    void pause();

    /** Stops and releases the reader (file, connection); the next {@link #play()} starts over. */
    void stop();

    /**
     * Stops as {@link #stop()} does, but only when the current run has reached its end of stream
     * (not when a stop, a new play or a seek came after the end): true if it stopped. KMS stops a
     * player at its end of stream; asking here rather than stopping in the engine keeps a late
     * end-of-stream report from stopping a playback that started again.
     */
    boolean stopIfEnded();

    /** A flushing, accurate seek; false when the source is not seekable now (e.g. stopped) or the seek failed. */
    boolean seek(long positionNanos);

    /** The playing position in nanoseconds, or -1 when it cannot be told (e.g. stopped). */
    long positionNanos();

    /** What GStreamer knows of the source now; every value is -1 (and not seekable) when stopped. */
    PlayerInfo info();

    /** GStreamer's graph of the reading pipeline, in dot. */
    String dot();

    /**
     * Kurento's VideoInfo, in nanoseconds (-1 for unknown).
     *
     * @param seekable      whether {@code seek} can work now
     * @param seekableStart the first position a seek may go to
     * @param seekableEnd   the last position a seek may go to
     * @param duration      the length of the media
     */
    record PlayerInfo(boolean seekable, long seekableStart, long seekableEnd, long duration) {
        public static final PlayerInfo UNKNOWN = new PlayerInfo(false, -1, -1, -1);
    }
}
