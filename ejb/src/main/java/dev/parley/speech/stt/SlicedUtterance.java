package dev.parley.speech.stt;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One utterance of a streaming engine: the caller's thread only queues audio, so it never waits
 * for a decoder; this utterance's own thread ({@link #run()}) feeds the audio to the engine in
 * slices of the partial interval and reports the partial after each slice (the same words again
 * when nothing changed: the larger {@code audioMillis} tells the listener they still hold for the
 * newer audio, which is how the engine knows the words reach the end of the speech), then the
 * final. An engine supplies only {@link #open()}: the {@link Decoding} of one utterance.
 */
public abstract class SlicedUtterance implements SpeechRecognizer.Utterance, Runnable {
    private static final short[] END = new short[0];
    private static final int SAMPLES_PER_MILLI = 16;

    /** What one engine does for one utterance; closing it gives the engine back, on every path. */
    public interface Decoding extends AutoCloseable {
        /** Feeds a full slice and returns the text heard so far ("" while there is none). */
        String feed(short[] slice, int count);

        /** Feeds the last, shorter slice after finish(); no partial is asked for. */
        void feedLast(short[] slice, int count);

        /** Ends the utterance and returns its final text. */
        String finish();

        @Override
        void close();
    }

    private final String engine;
    private final SpeechRecognizer.Listener listener;
    private final LinkedBlockingQueue<short[]> audio = new LinkedBlockingQueue<>();
    private final int sliceSamples;
    private volatile boolean cancelled;
    private volatile boolean finished;
    private volatile long finishedAtNanos;
    private volatile long lastAudioAtNanos;
    private long samplesHeard;

    /** @param engine names the engine in error messages ("vosk failed: ...") */
    protected SlicedUtterance(String engine, SpeechRecognizer.Listener listener, int partialIntervalMillis) {
        this.engine = engine;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sliceSamples = partialIntervalMillis * SAMPLES_PER_MILLI;
    }

    /** Takes the engine for this utterance, on its own thread; may wait for a free decoder. */
    protected abstract Decoding open() throws InterruptedException;

    @Override
    public final void accept(short[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if (finished) {
            throw new SpeechException("audio after finish(): start a new utterance");
        }
        if (length > 0 && !cancelled) {
            lastAudioAtNanos = System.nanoTime();
            audio.add(Arrays.copyOfRange(pcm, offset, offset + length));
        }
    }

    @Override
    public final void finish() {
        if (!finished) {
            finished = true;
            finishedAtNanos = System.nanoTime();
            audio.add(END);
        }
    }

    @Override
    public final void cancel() {
        cancelled = true;
        audio.add(END);
    }

    @Override
    public final void run() {
        try (Decoding decoding = open()) {
            decode(decoding);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(new SpeechException(engine + " utterance interrupted: the recognizer is closing", e));
        } catch (SpeechException e) {
            report(e);
        } catch (RuntimeException e) {
            report(new SpeechException(engine + " failed: " + e, e));
        }
    }

    private void decode(Decoding decoding) throws InterruptedException {
        short[] slice = new short[sliceSamples];
        int filled = 0;
        while (!cancelled) {
            short[] chunk = audio.take();
            if (chunk == END) {
                break;
            }
            for (int read = 0; read < chunk.length; ) {
                int n = Math.min(chunk.length - read, sliceSamples - filled);
                System.arraycopy(chunk, read, slice, filled, n);
                filled += n;
                read += n;
                if (filled == sliceSamples) {
                    feed(decoding, slice, filled);
                    filled = 0;
                }
            }
        }
        if (cancelled) {
            return;
        }
        if (filled > 0) {
            decoding.feedLast(slice, filled);
            samplesHeard += filled;
        }
        if (samplesHeard == 0) {
            throw new SpeechException("the utterance had no audio: nothing to recognise");
        }
        String text = decoding.finish();
        long latencyMillis = (System.nanoTime() - finishedAtNanos) / 1_000_000;
        if (!cancelled) {
            listener.onFinal(new Transcript(text, true, samplesHeard / SAMPLES_PER_MILLI, latencyMillis));
        }
    }

    private void feed(Decoding decoding, short[] slice, int count) {
        String now = decoding.feed(slice, count);
        samplesHeard += count;
        if (!now.isEmpty() && !cancelled && !finished) {
            long latencyMillis = Math.max(0, (System.nanoTime() - lastAudioAtNanos) / 1_000_000);
            listener.onPartial(new Transcript(now, false, samplesHeard / SAMPLES_PER_MILLI, latencyMillis));
        }
    }

    private void report(SpeechException error) {
        if (!cancelled) {
            listener.onError(error);
        }
    }
}
