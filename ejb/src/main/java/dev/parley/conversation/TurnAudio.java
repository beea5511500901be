package dev.parley.conversation;

import dev.parley.speech.SpeechRecognizer;

import java.util.Arrays;

/**
 * The audio the recogniser heard in the user's current turn. When the user goes on after a pause
 * the agent had already taken as the end of the turn, a new recognition is fed this first, so it
 * hears the whole sentence rather than its second half alone: a fragment's first words come back
 * badly ("how does it work", said after a second's pause, was heard as "i'm just a good work").
 * Bounded by the longest user turn; past that it keeps nothing and the halves' texts are joined.
 */
final class TurnAudio {

    private final int capacitySamples;
    private final int chunkSamples;
    private short[] samples = new short[16_000];
    private int length;
    private boolean overflowed;

    /** @param chunkSamples how much a replay hands the recogniser per call, as live audio comes */
    TurnAudio(int capacitySamples, int chunkSamples) {
        if (capacitySamples < 1 || chunkSamples < 1) {
            throw new IllegalArgumentException("capacity " + capacitySamples + ", chunk " + chunkSamples);
        }
        this.capacitySamples = capacitySamples;
        this.chunkSamples = chunkSamples;
    }

    /** A new turn begins. */
    void clear() {
        length = 0;
        overflowed = false;
        if (samples.length > 16_000) {
            samples = new short[16_000]; // a long turn's buffer is not kept for the whole session
        }
    }

    void add(short[] pcm) {
        if (overflowed) {
            return;
        }
        if (length + pcm.length > capacitySamples) {
            overflowed = true;
            length = 0;
            return;
        }
        if (length + pcm.length > samples.length) {
            samples = Arrays.copyOf(samples, Math.min(capacitySamples, Math.max(samples.length * 2, length + pcm.length)));
        }
        System.arraycopy(pcm, 0, samples, length, pcm.length);
        length += pcm.length;
    }

    /** Whether the whole turn so far can be replayed. */
    boolean replayable() {
        return !overflowed && length > 0;
    }

    /** Feeds the turn so far to {@code utterance}, oldest first. */
    void replayInto(SpeechRecognizer.Utterance utterance) {
        for (int at = 0; at < length; at += chunkSamples) {
            short[] chunk = Arrays.copyOfRange(samples, at, Math.min(length, at + chunkSamples)); // recognisers may keep what they get
            utterance.accept(chunk, 0, chunk.length);
        }
    }

    int samples() {
        return length;
    }
}
