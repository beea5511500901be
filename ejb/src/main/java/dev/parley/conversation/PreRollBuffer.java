package dev.parley.conversation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** The last few hundred ms of audio before speech was detected, so STT also hears the first syllable. */
final class PreRollBuffer {

    private final int capacitySamples;
    private final Deque<short[]> frames = new ArrayDeque<>();
    private int samples;

    PreRollBuffer(int capacitySamples) {
        this.capacitySamples = capacitySamples;
    }

    void add(short[] frame) {
        frames.addLast(frame);
        samples += frame.length;
        while (samples - frames.peekFirst().length >= capacitySamples) {
            samples -= frames.removeFirst().length;
        }
    }

    /** Hands the buffered frames over, oldest first, and forgets them. */
    void drainTo(Consumer<short[]> sink) {
        while (!frames.isEmpty()) {
            sink.accept(frames.removeFirst());
        }
        samples = 0;
    }

    int samples() {
        return samples;
    }
}
