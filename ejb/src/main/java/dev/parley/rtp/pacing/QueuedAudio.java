package dev.parley.rtp.pacing;

import java.util.List;

/**
 * Audio that has not gone out: what a flush dropped or what a pause holds.
 *
 * @param frames  20 ms frames (a partial tail frame counts as one)
 * @param samples their samples at 16 kHz (a partial tail frame counts its real samples)
 * @param byTag   the same samples by tag, in queue order; a tag whose audio has all gone out is absent
 */
public record QueuedAudio(int frames, long samples, List<Tagged> byTag) {

    public static final QueuedAudio NONE = new QueuedAudio(0, 0, List.of());

    public QueuedAudio {
        byTag = List.copyOf(byTag);
    }

    /** {@code samples} samples of the audio tagged {@code tag}. */
    public record Tagged(AudioTag tag, int samples) {
    }
}
