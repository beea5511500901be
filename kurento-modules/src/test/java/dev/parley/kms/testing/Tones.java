package dev.parley.kms.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test signals and their analysis: sine tones as PCM, and the dominant frequency of PCM. */
public final class Tones {
    private Tones() {
    }

    /** {@code millis} of a sine at {@code hz}, S16LE interleaved, starting at sample {@code offset}. */
    public static byte[] sine(double hz, int rate, int channels, int millis, long offset, double amplitude) {
        int frames = rate * millis / 1000;
        ByteBuffer out = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (offset + i) / rate));
            for (int c = 0; c < channels; c++) {
                out.putShort(v);
            }
        }
        return out.array();
    }

    /** First channel of S16LE interleaved PCM as doubles. */
    public static double[] firstChannel(byte[] pcm, int channels) {
        ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int frames = pcm.length / (2 * channels);
        double[] out = new double[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = in.getShort(i * 2 * channels) / 32768.0;
        }
        return out;
    }

    /** Root mean square of the samples. */
    public static double rms(double[] samples) {
        double sum = 0;
        for (double s : samples) {
            sum += s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /**
     * The frequency (in whole Hz, between {@code fromHz} and {@code toHz}) with the most energy,
     * by a Goertzel scan: exact enough to tell tones apart, no FFT library needed.
     */
    public static int dominantFrequency(double[] samples, int rate, int fromHz, int toHz, int stepHz) {
        int best = fromHz;
        double bestPower = -1;
        for (int f = fromHz; f <= toHz; f += stepHz) {
            double power = goertzelPower(samples, rate, f);
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        return best;
    }

    /** Energy of {@code samples} at {@code hz}. */
    public static double goertzelPower(double[] samples, int rate, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (double x : samples) {
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
