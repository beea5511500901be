package dev.parley.speech.stt.vosk;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import org.vosk.Recognizer;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One utterance: the caller's thread queues audio, this utterance's own thread feeds it to its own
 * Vosk recognizer in slices of the partial interval and reports each changed partial.
 */
final class VoskUtterance implements SpeechRecognizer.Utterance, Runnable {
    private static final short[] END = new short[0];
    private static final int SAMPLES_PER_MILLI = 16;

    private final VoskRecognizer owner;
    private final SpeechRecognizer.Listener listener;
    private final LinkedBlockingQueue<short[]> audio = new LinkedBlockingQueue<>();
    private final int sliceSamples;
    private volatile boolean cancelled;
    private volatile boolean finished;
    private volatile long finishedAtNanos;
    private volatile long lastAudioAtNanos;
    private long samplesHeard;

    VoskUtterance(VoskRecognizer owner, SpeechRecognizer.Listener listener) {
        this.owner = owner;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sliceSamples = owner.settings().partialIntervalMillis() * SAMPLES_PER_MILLI;
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
        owner.utteranceStarted();
        try (Recognizer recognizer = owner.newRecognizer()) {
            decode(recognizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(new SpeechException("vosk utterance interrupted: the recognizer is closing", e));
        } catch (SpeechException e) {
            report(e);
        } catch (RuntimeException e) {
            report(new SpeechException("vosk failed: " + e, e));
        } finally {
            owner.utteranceEnded();
        }
    }

    private void decode(Recognizer recognizer) throws InterruptedException {
        VoskText text = new VoskText();
        short[] slice = new short[sliceSamples];
        int filled = 0;
        String lastPartial = "";
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
                    lastPartial = process(recognizer, text, slice, filled, lastPartial);
                    filled = 0;
                }
            }
        }
        if (cancelled) {
            return;
        }
        if (filled > 0) {
            if (recognizer.acceptWaveForm(slice, filled)) {
                text.segmentEnded(recognizer.getResult());
            }
            samplesHeard += filled;
        }
        if (samplesHeard == 0) {
            throw new SpeechException("the utterance had no audio: nothing to recognise");
        }
        text.segmentEnded(recognizer.getFinalResult());
        long latencyMillis = (System.nanoTime() - finishedAtNanos) / 1_000_000;
        if (!cancelled) {
            listener.onFinal(new Transcript(text.done(), true, samplesHeard / SAMPLES_PER_MILLI, latencyMillis));
        }
    }

    private String process(Recognizer recognizer, VoskText text, short[] slice, int count, String lastPartial) {
        samplesHeard += count;
        String now = recognizer.acceptWaveForm(slice, count)
                ? withSegmentEnded(text, recognizer.getResult())
                : text.withPartial(recognizer.getPartialResult());
        if (!now.isEmpty() && !now.equals(lastPartial) && !cancelled && !finished) {
            long latencyMillis = Math.max(0, (System.nanoTime() - lastAudioAtNanos) / 1_000_000);
            listener.onPartial(new Transcript(now, false, samplesHeard / SAMPLES_PER_MILLI, latencyMillis));
            return now;
        }
        return lastPartial;
    }

    private static String withSegmentEnded(VoskText text, String json) {
        text.segmentEnded(json);
        return text.done();
    }

    private void report(SpeechException error) {
        if (!cancelled) {
            listener.onError(error);
        }
    }
}
