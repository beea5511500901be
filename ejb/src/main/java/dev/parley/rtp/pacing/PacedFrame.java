package dev.parley.rtp.pacing;

import java.util.List;

/**
 * One 20 ms frame of agent audio whose time to go out has come.
 *
 * @param frameNumber       identifies the frame for {@link RtpPacer#commit}
 * @param samples           16 kHz mono, exactly one frame (a chunk's short tail is padded with silence)
 * @param scheduledNanos    when it was due on the monotonic clock
 * @param mediaTime16k      its position on the stream's media clock in 16 kHz samples (RTP timestamp source)
 * @param talkspurtStart    first frame after silence (RTP marker bit, RFC 3551 §4.1)
 * @param pieces            whose audio the samples are, in order; empty for silence
 */
public record PacedFrame(long frameNumber, short[] samples, long scheduledNanos, long mediaTime16k, boolean talkspurtStart, List<Piece> pieces) {

    /** Silence a continuous pacer sends while nothing is queued (or while paused): nobody's audio. */
    public boolean silence() {
        return pieces.isEmpty();
    }

    /** {@code samples} samples of the audio queued under {@code tag}. */
    public record Piece(AudioTag tag, int samples) {
    }
}
