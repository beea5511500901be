package dev.parley.speech.tts.openai;

import java.util.Arrays;

/**
 * Converts a stream of 16-bit mono PCM from one sample rate to another, piece by piece, with the
 * same result however the input is cut: band-limited interpolation (a Hann-windowed sinc whose
 * cut-off is just below the lower rate's Nyquist frequency, so downsampling does not alias).
 * Not thread-safe: one per stream.
 */
final class Resampler {
    /** Zero crossings of the sinc on each side: enough for a steep low-pass at a few MFLOPs per second. */
    private static final int ZERO_CROSSINGS = 16;

    private final int fromHz;
    private final int toHz;
    private final double cutoff;
    private final int halfWidth;
    private float[] history;
    private int length;
    /** Output samples made so far: the next one lies at input time produced * fromHz / toHz, kept exact. */
    private long produced;
    /** Input samples (and leading silence) dropped from the front of {@code history}. */
    private long dropped;

    Resampler(int fromHz, int toHz) {
        this.fromHz = fromHz;
        this.toHz = toHz;
        this.cutoff = 0.95 * Math.min(1.0, (double) toHz / fromHz);
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        // Silence before the first sample, so the first output sample is the first input sample's time.
        this.history = new float[4 * halfWidth + 4096];
        this.length = halfWidth;
    }

    boolean isIdentity() {
        return fromHz == toHz;
    }

    /** The output samples that {@code pcm} completes; the last few wait for the next input or {@link #flush()}. */
    short[] process(short[] pcm) {
        if (isIdentity()) {
            return pcm.clone();
        }
        append(pcm);
        return drain(length);
    }

    /** The output samples still held back, as if the stream ended with silence. */
    short[] flush() {
        if (isIdentity()) {
            return new short[0];
        }
        int end = length;
        append(new short[halfWidth + 1]);
        return drain(end);
    }

    private void append(short[] pcm) {
        if (length + pcm.length > history.length) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, length + pcm.length));
        }
        for (short sample : pcm) {
            history[length++] = sample;
        }
    }

    /** Produces every output sample before {@code limit} whose window lies within the input so far. */
    private short[] drain(int limit) {
        int count = 0;
        short[] out = new short[(int) ((long) (length + 1) * toHz / fromHz) + 2];
        double position = position();
        while (position + halfWidth < length && position < limit) {
            out[count++] = clip(sampleAt(position));
            produced++;
            position = position();
        }
        // Drop what no later output sample's window reaches.
        int keepFrom = Math.max(0, (int) Math.floor(position) - halfWidth);
        if (keepFrom > 0) {
            System.arraycopy(history, keepFrom, history, 0, length - keepFrom);
            length -= keepFrom;
            dropped += keepFrom;
        }
        return Arrays.copyOf(out, count);
    }

    /** Where, in {@code history}, the next output sample lies; its whole part is exact however the stream was cut. */
    private double position() {
        long scaled = produced * fromHz;
        return halfWidth + (scaled / toHz - dropped) + (double) (scaled % toHz) / toHz;
    }

    private double sampleAt(double t) {
        int centre = (int) Math.floor(t);
        double sum = 0;
        for (int i = centre - halfWidth + 1; i <= centre + halfWidth; i++) {
            double x = t - i;
            sum += history[i] * kernel(x);
        }
        return sum;
    }

    private double kernel(double x) {
        if (Math.abs(x) >= halfWidth) {
            return 0;
        }
        double window = 0.5 + 0.5 * Math.cos(Math.PI * x / halfWidth);
        double arg = Math.PI * cutoff * x;
        double sinc = arg == 0 ? 1 : Math.sin(arg) / arg;
        return cutoff * sinc * window;
    }

    private static short clip(double value) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
    }
}
