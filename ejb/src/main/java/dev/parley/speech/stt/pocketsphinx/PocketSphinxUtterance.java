package dev.parley.speech.stt.pocketsphinx;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One utterance: the caller's thread queues audio, this utterance's own thread feeds it to a
 * decoder in slices of the partial interval and reports each changed hypothesis.
 */
final class PocketSphinxUtterance implements SpeechRecognizer.Utterance, Runnable {
    private static final short[] END = new short[0];
    private static final int SAMPLES_PER_MILLI = 16;

    private final PocketSphinxRecognizer recognizer;
    private final SpeechRecognizer.Listener listener;
    private final LinkedBlockingQueue<short[]> audio = new LinkedBlockingQueue<>();
    private final int sliceSamples;
    private volatile boolean cancelled;
    private volatile boolean finished;
    private volatile long finishedAtNanos;
    private volatile long lastAudioAtNanos;
    private long samplesHeard;

    PocketSphinxUtterance(PocketSphinxRecognizer recognizer, SpeechRecognizer.Listener listener) {
        this.recognizer = recognizer;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sliceSamples = recognizer.settings().partialIntervalMillis() * SAMPLES_PER_MILLI;
    }

    @Override
    public void accept(short[] pcm, int offset, int length) {
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
    public void finish() {
        if (!finished) {
            finished = true;
            finishedAtNanos = System.nanoTime();
            audio.add(END);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        audio.add(END);
    }

    @Override
    public void run() {
        PocketSphinxDecoder decoder = null;
        try {
            decoder = recognizer.acquireDecoder();
            decoder.startUtterance();
            decode(decoder);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(new SpeechException("pocketsphinx utterance interrupted: the recognizer is closing", e));
        } catch (SpeechException e) {
            report(e);
        } catch (RuntimeException e) {
            report(new SpeechException("pocketsphinx failed: " + e, e));
        } finally {
            if (decoder != null) {
                recognizer.releaseDecoder(decoder);
            }
        }
    }

    private void decode(PocketSphinxDecoder decoder) throws InterruptedException {
        short[] slice = new short[sliceSamples];
        int filled = 0;
        String lastPartial = "";
        boolean utteranceOpen = true;
        try {
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
                        lastPartial = processSlice(decoder, slice, filled, lastPartial);
                        filled = 0;
                    }
                }
            }
            if (cancelled) {
                return;
            }
            if (filled > 0) {
                decoder.process(slice, filled);
                samplesHeard += filled;
            }
            utteranceOpen = false;
            decoder.endUtterance();
            if (samplesHeard == 0) {
                throw new SpeechException("the utterance had no audio: nothing to recognise");
            }
            String text = decoder.hypothesis();
            long latencyMillis = (System.nanoTime() - finishedAtNanos) / 1_000_000;
            if (!cancelled) {
                listener.onFinal(new Transcript(text, true, samplesHeard / SAMPLES_PER_MILLI, latencyMillis));
            }
        } finally {
            if (utteranceOpen) {
                decoder.endUtterance(); // leave the decoder ready for the next utterance
            }
        }
    }

    private String processSlice(PocketSphinxDecoder decoder, short[] slice, int count, String lastPartial) {
        decoder.process(slice, count);
        samplesHeard += count;
        String hypothesis = decoder.hypothesis();
        if (!hypothesis.isEmpty() && !hypothesis.equals(lastPartial) && !cancelled && !finished) {
            long latencyMillis = (System.nanoTime() - lastAudioAtNanos) / 1_000_000;
            listener.onPartial(new Transcript(hypothesis, false, samplesHeard / SAMPLES_PER_MILLI, Math.max(0, latencyMillis)));
            return hypothesis;
        }
        return lastPartial;
    }

    private void report(SpeechException error) {
        if (!cancelled) {
            listener.onError(error);
        }
    }
}
