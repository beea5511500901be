package dev.parley.conversation;

import java.util.Arrays;

/**
 * Drops the near-silence a synthesiser puts before each piece of speech, keeping a short margin.
 *
 * <p>Why: flite (the built-in voice) starts every utterance with 160-230 ms of noise at about
 * -50 dBFS or less. Sent as it is, that silence adds to the time before the user hears the agent,
 * on every answer, and doubles the pause at every chunk boundary inside a reply (the previous
 * chunk's own tail silence already makes a natural pause). Speech starts at the first sample above
 * {@link #THRESHOLD}; the {@link #MARGIN_SAMPLES} before it are kept so soft onsets (an "f", an
 * "s") stay whole. Whatever is held back is handed on unchanged if no speech shows within
 * {@link #MAX_TRIM_SAMPLES}, or if the chunk ends first, so quiet speech is never lost.
 *
 * <p>One instance per synthesised chunk, 16 kHz mono; not thread-safe (the session lane owns it).
 */
final class LeadingSilenceTrimmer {
    /** About -44 dBFS: above flite's lead-in noise (up to about -50 dBFS), below its speech onsets. */
    static final int THRESHOLD = 200;
    /** 20 ms kept before the onset. */
    static final int MARGIN_SAMPLES = 320;
    /** 400 ms: more "silence" than that is not a lead-in, so it is kept. */
    static final int MAX_TRIM_SAMPLES = 6_400;

    private short[] held = new short[0];
    private boolean passing;

    /** The audio to send now (possibly empty): nothing until speech starts, then everything. */
    short[] accept(short[] pcm) {
        if (passing) {
            return pcm;
        }
        int onset = firstLoud(pcm);
        if (onset >= 0) {
            passing = true;
            short[] joined = concat(held, pcm);
            int from = Math.max(0, held.length + onset - MARGIN_SAMPLES);
            held = new short[0];
            return Arrays.copyOfRange(joined, from, joined.length);
        }
        held = concat(held, pcm);
        if (held.length > MAX_TRIM_SAMPLES) {
            passing = true;
            return release();
        }
        return new short[0];
    }

    /** At the end of the chunk: whatever is still held back (a chunk with no speech keeps its audio). */
    short[] finish() {
        passing = true;
        return release();
    }

    private short[] release() {
        short[] out = held;
        held = new short[0];
        return out;
    }

    private static int firstLoud(short[] pcm) {
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > THRESHOLD) {
                return i;
            }
        }
        return -1;
    }

    private static short[] concat(short[] a, short[] b) {
        if (a.length == 0) {
            return b;
        }
        short[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
