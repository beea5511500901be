package dev.parley.speech.tts.openai;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 24 kHz (and other rates) to 16 kHz: the tone kept, what 16 kHz cannot hold removed, however the stream is cut. */
class ResamplerTest {
    static short[] tone(double hz, int rate, int samples, double amplitude) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return pcm;
    }

    private static short[] whole(Resampler resampler, short[] pcm) {
        return concat(resampler.process(pcm), resampler.flush());
    }

    static short[] concat(short[]... parts) {
        short[] all = new short[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** The amplitude of {@code hz} in {@code pcm} (Goertzel), over the middle, away from the edges. */
    static double amplitude(short[] pcm, double hz, int rate) {
        int from = pcm.length / 8;
        int to = pcm.length - pcm.length / 8;
        double w = 2 * Math.PI * hz / rate;
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            re += pcm[i] * Math.cos(w * i);
            im += pcm[i] * Math.sin(w * i);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @Test
    void keepsAToneAndItsLoudnessAt16kHz() {
        short[] out = whole(new Resampler(24_000, 16_000), tone(440, 24_000, 24_000, 10_000));
        assertEquals(16_000, out.length, "one second stays one second");
        assertEquals(10_000, amplitude(out, 440, 16_000), 150);
        assertTrue(amplitude(out, 1_000, 16_000) < 100, "no other tone appears");
    }

    @Test
    void removesWhat16kHzCannotHoldInsteadOfFoldingItDown() {
        // 10 kHz at 24 kHz would alias to 6 kHz at 16 kHz if it were not filtered out.
        short[] out = whole(new Resampler(24_000, 16_000), tone(10_000, 24_000, 24_000, 10_000));
        assertTrue(amplitude(out, 6_000, 16_000) < 100, "aliased to " + amplitude(out, 6_000, 16_000));
    }

    @Test
    void theResultDoesNotDependOnHowTheStreamIsCut() {
        short[] input = tone(523, 22_050, 22_050, 12_000);
        short[] atOnce = whole(new Resampler(22_050, 16_000), input);
        Resampler pieces = new Resampler(22_050, 16_000);
        short[] joined = new short[0];
        int[] sizes = {1, 7, 333, 2, 4096, 999};
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int size = Math.min(sizes[i % sizes.length], input.length - at);
            joined = concat(joined, pieces.process(Arrays.copyOfRange(input, at, at + size)));
            at += size;
        }
        joined = concat(joined, pieces.flush());
        assertArrayEquals(atOnce, joined);
        assertEquals(16_000, atOnce.length);
        assertEquals(12_000, amplitude(atOnce, 523, 16_000), 200);
    }

    @Test
    void upsamplesToo() {
        short[] out = whole(new Resampler(8_000, 16_000), tone(300, 8_000, 8_000, 8_000));
        assertEquals(16_000, out.length);
        assertEquals(8_000, amplitude(out, 300, 16_000), 150);
    }

    @Test
    void sixteenKilohertzPassesUnchanged() {
        short[] input = tone(440, 16_000, 1_000, 5_000);
        Resampler same = new Resampler(16_000, 16_000);
        assertArrayEquals(input, same.process(input));
        assertEquals(0, same.flush().length);
    }
}
