package dev.parley.conversation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** The last few hundred ms of audio before speech was detected, so STT also hears the first syllable. */
final class PreRollBuffer {

    private final int capacitySamples;
    private final Deque<short[]> frames = new ArrayDeque<>();
    /** Which of {@link #frames} the bridge concealed, in the same order. */
    private final Deque<Boolean> concealed = new ArrayDeque<>();
    private int samples;

    PreRollBuffer(int capacitySamples) {
        this.capacitySamples = capacitySamples;
    }

    void add(short[] frame, boolean wasConcealed) {
        frames.addLast(frame);
        concealed.addLast(wasConcealed);
        samples += frame.length;
        while (samples - frames.peekFirst().length >= capacitySamples) {
            samples -= frames.removeFirst().length;
            concealed.removeFirst();
        }
    }

    /** Hands the buffered frames over, oldest first, and forgets them; returns how many of them were concealed. */
    int drainTo(Consumer<short[]> sink) {
        int concealedFrames = 0;
        while (!frames.isEmpty()) {
            sink.accept(frames.removeFirst());
            if (concealed.removeFirst()) {
                concealedFrames++;
            }
        }
        samples = 0;
        return concealedFrames;
    }

    int samples() {
        return samples;
    }
}
