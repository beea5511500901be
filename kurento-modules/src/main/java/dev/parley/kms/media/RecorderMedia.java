package dev.parley.kms.media;

import java.time.Duration;

/**
 * A recorder's media: its audio input written as Opus in WebM to one file. The protocol layer
 * keeps Kurento's state machine (STOP, START, PAUSE; no restart after a stop) and calls these
 * only for real transitions; outcomes arrive on the {@link RecorderListener}.
 */
public interface RecorderMedia extends ElementMedia {

    /** Starts writing (first call) or resumes after {@link #pause()}; {@code Recording} follows once the file pipeline plays. */
    void record();

    /** Stops writing without closing the file; the paused time is left out of the file. */
    void pause();

    /**
     * Ends the file: end-of-stream through encoder and muxer, then the file is closed and
     * {@link RecorderListener#stopped()} fires. Returns at once.
     */
    void stop();

    /** {@link #stop()}, then waits up to {@code timeout} for the file to be closed; true if it was. */
    boolean stopAndWait(Duration timeout);
}
