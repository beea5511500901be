package dev.parley.rtp;

/** Test signals and their analysis: sine tones in, Goertzel power and dominant frequency out. */
public final class Signals {

    private Signals() {
    }

    public static short[] tone(double frequency, int sampleRate, int samples, double amplitude) {
        return tone(frequency, sampleRate, 0, samples, amplitude);
    }

    /** Samples {@code from .. from+samples} of a continuous sine starting at sample 0. */
    public static short[] tone(double frequency, int sampleRate, long from, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * (from + i) / sampleRate));
        }
        return out;
    }

    /** Root-mean-square level. */
    public static double rms(short[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    public static double rms(short[] x) {
        return rms(x, 0, x.length);
    }

    /** Amplitude of the {@code frequency} component (Goertzel, Hann window), in sample units. */
    public static double amplitudeAt(short[] x, int from, int to, double frequency, int sampleRate) {
        return goertzel(hann(x, from, to), frequency, sampleRate);
    }

    public static double amplitudeAt(short[] x, double frequency, int sampleRate) {
        return amplitudeAt(x, 0, x.length, frequency, sampleRate);
    }

    /** The strongest frequency between 50 Hz and Nyquist, to within 1 Hz (coarse 25 Hz scan, then refined). */
    public static double dominantFrequency(short[] x, int from, int to, int sampleRate) {
        double[] windowed = hann(x, from, to);
        double best = 0;
        double bestAmplitude = -1;
        for (double f = 50; f < sampleRate / 2.0; f += 25) {
            double a = goertzel(windowed, f, sampleRate);
            if (a > bestAmplitude) {
                bestAmplitude = a;
                best = f;
            }
        }
        double coarse = best;
        for (double f = coarse - 25; f <= coarse + 25; f += 1) {
            double a = goertzel(windowed, f, sampleRate);
            if (a > bestAmplitude) {
                bestAmplitude = a;
                best = f;
            }
        }
        return best;
    }

    public static double dominantFrequency(short[] x, int sampleRate) {
        return dominantFrequency(x, 0, x.length, sampleRate);
    }

    /** The samples times a Hann window scaled so that a full-scale sine of amplitude A reads as A. */
    private static double[] hann(short[] x, int from, int to) {
        int n = to - from;
        double[] out = new double[n];
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            windowSum += 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
        }
        for (int i = 0; i < n; i++) {
            out[i] = x[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1))) * 2 / windowSum;
        }
        return out;
    }

    private static double goertzel(double[] windowed, double frequency, int sampleRate) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (double v : windowed) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2));
    }

    public static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
