package dev.parley.rtp.codec;

/**
 * Streaming rational resampler for mono 16-bit PCM: upsample by L, low-pass, downsample by M,
 * computed as a polyphase FIR so only the taps that meet a real input sample are multiplied.
 *
 * <p>The prototype low-pass is a Kaiser-windowed sinc (about 70 dB stopband) at the rate
 * {@code inputRate * L}. Its -6 dB cutoff sits at 7/8 of the lower Nyquist frequency with the
 * transition from 3/4 to 4/4 of it: for 48 kHz to 16 kHz the passband is flat to 6 kHz, 7 kHz is
 * halved and everything at or above 8 kHz (which would alias) is suppressed. Group delay is
 * {@code (taps-1)/2} samples at the upsampled rate (about 1.1 ms for 48 kHz to 16 kHz).
 *
 * <p>Not thread-safe: one instance per direction per session, carrying filter state across
 * calls so consecutive frames join without clicks.
 */
public final class PolyphaseResampler {

    private static final double STOPBAND_DB = 70.0;

    private final int inputRate;
    private final int outputRate;
    private final int up;
    private final int down;
    private final float[] taps;
    private final int tapsPerPhase;
    /**
     * The taps of each phase in the order of the history samples they multiply, oldest first: the
     * inner loop then walks both arrays forward, one phase's taps side by side (the profile of a
     * loaded server had this loop, strided over the whole prototype, as its hottest Java method).
     */
    private final float[][] phaseTaps;
    private float[] history;
    private int historyLength;
    /** Absolute input index of {@code history[0]}. */
    private long historyStart;
    /** Position of the next output sample on the upsampled time axis. */
    private long nextOutputPosition;

    public PolyphaseResampler(int inputRate, int outputRate) {
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inputRate + " -> " + outputRate);
        }
        int gcd = gcd(inputRate, outputRate);
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        this.up = outputRate / gcd;
        this.down = inputRate / gcd;
        if (up > 64 || down > 64) {
            throw new IllegalArgumentException("resampling " + inputRate + " -> " + outputRate + " needs factors " + up + "/" + down
                    + "; only small rational ratios (up to 64) are supported");
        }
        this.taps = designLowPass(inputRate, outputRate, up);
        this.tapsPerPhase = (taps.length + up - 1) / up;
        this.phaseTaps = new float[up][tapsPerPhase];
        for (int phase = 0; phase < up; phase++) {
            for (int k = 0; k < tapsPerPhase && phase + k * up < taps.length; k++) {
                phaseTaps[phase][tapsPerPhase - 1 - k] = taps[phase + k * up]; // tap k meets the sample k before the newest
            }
        }
        this.history = new float[Math.max(1024, 4 * tapsPerPhase)];
        // Zeros before the first sample, so the filter can start without special cases.
        this.historyLength = tapsPerPhase;
        this.historyStart = -tapsPerPhase;
    }

    public int inputRate() {
        return inputRate;
    }

    public int outputRate() {
        return outputRate;
    }

    /** Number of FIR taps of the prototype filter. */
    public int tapCount() {
        return taps.length;
    }

    /**
     * Resamples the next block of a continuous signal; returns every output sample that is now fully
     * determined. At equal rates it returns {@code input} itself.
     */
    public short[] process(short[] input) {
        if (up == down) {
            return input; // the same rate: nothing to filter, and no filter delay
        }
        append(input);
        long lastInput = historyStart + historyLength - 1;
        int count = (int) Math.max(0, Math.floorDiv(lastInput * up + up - 1 - nextOutputPosition, down) + 1);
        short[] out = new short[count];
        for (int j = 0; j < count; j++) {
            long position = nextOutputPosition;
            long newest = Math.floorDiv(position, up);
            int phase = (int) (position - newest * up);
            out[j] = clip(dot(phaseTaps[phase], history, (int) (newest - historyStart) - tapsPerPhase + 1));
            nextOutputPosition += down;
        }
        discardUnneededHistory();
        return out;
    }

    /** Four running sums, so the additions need not wait for each other. */
    private static double dot(float[] coefficients, float[] samples, int from) {
        double a = 0, b = 0, c = 0, d = 0;
        int n = 0;
        int length = coefficients.length;
        for (; n + 3 < length; n += 4) {
            a += coefficients[n] * samples[from + n];
            b += coefficients[n + 1] * samples[from + n + 1];
            c += coefficients[n + 2] * samples[from + n + 2];
            d += coefficients[n + 3] * samples[from + n + 3];
        }
        for (; n < length; n++) {
            a += coefficients[n] * samples[from + n];
        }
        return (a + b) + (c + d);
    }

    private void append(short[] input) {
        if (historyLength + input.length > history.length) {
            history = java.util.Arrays.copyOf(history, Math.max(2 * history.length, historyLength + input.length));
        }
        for (short sample : input) {
            history[historyLength++] = sample;
        }
    }

    private void discardUnneededHistory() {
        long oldestNeeded = Math.floorDiv(nextOutputPosition, up) - tapsPerPhase + 1;
        int drop = (int) Math.min(historyLength, Math.max(0, oldestNeeded - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private static short clip(double value) {
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    /** Kaiser-windowed sinc at {@code inputRate * up}, with gain {@code up} to make up for the inserted zeros. */
    private static float[] designLowPass(int inputRate, int outputRate, int up) {
        double highRate = (double) inputRate * up;
        double nyquist = Math.min(inputRate, outputRate) / 2.0;
        double cutoff = 0.875 * nyquist;
        double transition = 0.25 * nyquist;
        double deltaOmega = 2 * Math.PI * transition / highRate;
        int length = (int) Math.ceil((STOPBAND_DB - 8) / (2.285 * deltaOmega)) + 1;
        length = (length + up - 1) / up * up; // whole phases
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        double besselBeta = besselI0(beta);
        double normalizedCutoff = cutoff / highRate;
        double centre = (length - 1) / 2.0;
        float[] h = new float[length];
        for (int n = 0; n < length; n++) {
            double t = n - centre;
            double sinc = t == 0 ? 2 * normalizedCutoff : Math.sin(2 * Math.PI * normalizedCutoff * t) / (Math.PI * t);
            double ratio = t / centre;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / besselBeta;
            h[n] = (float) (up * sinc * window);
        }
        return h;
    }

    /** Zeroth-order modified Bessel function of the first kind, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
