package dev.parley.rtp.codec;

import dev.parley.rtp.Signals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolyphaseResamplerTest {

    private static final double AMPLITUDE = 10_000;

    /** Resamples one second of a tone frame by frame and returns the output after the filter has settled. */
    private static short[] resampleTone(double frequency, int from, int to) {
        PolyphaseResampler resampler = new PolyphaseResampler(from, to);
        int frame = from / 50;
        short[] out = new short[to];
        int written = 0;
        for (int f = 0; f < 50; f++) {
            short[] chunk = resampler.process(Signals.tone(frequency, from, (long) f * frame, frame, AMPLITUDE));
            System.arraycopy(chunk, 0, out, written, chunk.length);
            written += chunk.length;
        }
        assertEquals(to, written, "one second in, one second out");
        return java.util.Arrays.copyOfRange(out, to / 10, to); // skip the first 100 ms
    }

    @Test
    void aOneKilohertzToneKeepsItsFrequencyAndLevelFrom48To16Kilohertz() {
        short[] out = resampleTone(1000, 48_000, 16_000);
        assertEquals(1000, Signals.dominantFrequency(out, 16_000), 5);
        double gainDb = Signals.decibels(Signals.amplitudeAt(out, 1000, 16_000) / AMPLITUDE);
        assertEquals(0, gainDb, 0.2, "passband gain");
    }

    @Test
    void aSevenKilohertzToneIsAttenuatedAt16Kilohertz() {
        short[] out = resampleTone(7000, 48_000, 16_000);
        double gainDb = Signals.decibels(Signals.amplitudeAt(out, 7000, 16_000) / AMPLITUDE);
        // 7 kHz sits in the transition band just under the new 8 kHz Nyquist frequency: cut by about half.
        assertTrue(gainDb < -4 && gainDb > -9, "7 kHz gain " + gainDb + " dB");
    }

    @Test
    void tonesAboveTheNewNyquistFrequencyDoNotAliasBackIn() {
        // Sample dropping would fold 10 kHz to 6 kHz and 12 kHz to 4 kHz at full level.
        short[] from10k = resampleTone(10_000, 48_000, 16_000);
        short[] from12k = resampleTone(12_000, 48_000, 16_000);
        assertTrue(Signals.decibels(Signals.rms(from10k) * Math.sqrt(2) / AMPLITUDE) < -55, "10 kHz leaks " + Signals.rms(from10k));
        assertTrue(Signals.decibels(Signals.rms(from12k) * Math.sqrt(2) / AMPLITUDE) < -60, "12 kHz leaks " + Signals.rms(from12k));
    }

    @Test
    void upsamplingTo48KilohertzLeavesNoImages() {
        short[] out = resampleTone(1000, 16_000, 48_000);
        assertEquals(1000, Signals.dominantFrequency(out, 48_000), 5);
        assertEquals(0, Signals.decibels(Signals.amplitudeAt(out, 1000, 48_000) / AMPLITUDE), 0.2);
        // Zero-stuffing by 3 mirrors 1 kHz to 15, 17, 31 and 33 kHz; the filter must remove them.
        for (double image : new double[] {15_000, 17_000}) {
            double imageDb = Signals.decibels(Signals.amplitudeAt(out, image, 48_000) / AMPLITUDE);
            assertTrue(imageDb < -60, image + " Hz image at " + imageDb + " dB");
        }
    }

    @Test
    void convertsBetweenTelephoneAndWidebandRates() {
        short[] up = resampleTone(1000, 8_000, 16_000);
        assertEquals(1000, Signals.dominantFrequency(up, 16_000), 5);
        assertTrue(Signals.decibels(Signals.amplitudeAt(up, 7000, 16_000) / AMPLITUDE) < -60, "the 7 kHz image of 1 kHz is gone");
        short[] down = resampleTone(3000, 16_000, 8_000);
        assertEquals(3000, Signals.dominantFrequency(down, 8_000), 5);
        short[] aliased = resampleTone(5000, 16_000, 8_000);
        assertTrue(Signals.rms(aliased) < AMPLITUDE * 0.002, "5 kHz must not fold to 3 kHz");
    }

    @Test
    void frameByFrameEqualsAllAtOnceAndEveryFrameHasTheExactSize() {
        short[] signal = Signals.tone(440, 48_000, 48_000 / 5, 8000);
        short[] whole = new PolyphaseResampler(48_000, 16_000).process(signal);
        PolyphaseResampler streaming = new PolyphaseResampler(48_000, 16_000);
        short[] pieces = new short[whole.length];
        for (int f = 0; f < 10; f++) {
            short[] out = streaming.process(java.util.Arrays.copyOfRange(signal, f * 960, (f + 1) * 960));
            assertEquals(320, out.length);
            System.arraycopy(out, 0, pieces, f * 320, 320);
        }
        assertArrayEquals(whole, pieces);
        PolyphaseResampler up = new PolyphaseResampler(16_000, 48_000);
        for (int f = 0; f < 5; f++) {
            assertEquals(960, up.process(new short[320]).length);
        }
        PolyphaseResampler toPcmu = new PolyphaseResampler(16_000, 8_000);
        for (int f = 0; f < 5; f++) {
            assertEquals(160, toPcmu.process(new short[320]).length);
        }
    }

    @Test
    void refusesRatiosItWasNotBuiltFor() {
        assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(44_100, 16_001));
        assertThrows(IllegalArgumentException.class, () -> new PolyphaseResampler(0, 16_000));
    }
}
