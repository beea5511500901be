package dev.parley.speech.stt.moonshine;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.stt.SpokenWords;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Moonshine utterance: audio collects in a buffer of at most one window; a full window is
 * handed to the pool and transcribed while more audio arrives, the rest at {@code finish()}.
 * Window transcriptions run one after another (each waits for the one before), so the text keeps
 * its order.
 */
final class MoonshineUtterance implements SpeechRecognizer.Utterance {
    private final MoonshineRecognizer recognizer;
    private final SpeechRecognizer.Listener listener;
    private final int window;
    private final StringBuilder written = new StringBuilder();
    private short[] buffer = new short[16000];
    private int buffered;
    private long samplesHeard;
    private java.util.concurrent.CompletableFuture<Void> chain = java.util.concurrent.CompletableFuture.completedFuture(null);
    private volatile boolean cancelled;
    private boolean finished;

    MoonshineUtterance(MoonshineRecognizer recognizer, SpeechRecognizer.Listener listener) {
        this.recognizer = recognizer;
        this.listener = listener;
        this.window = recognizer.model().settings().maxUtteranceSeconds() * 16000;
    }

    @Override
    public synchronized void accept(short[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if (finished) {
            throw new SpeechException("audio after finish(): start a new utterance");
        }
        if (cancelled) {
            return;
        }
        samplesHeard += length;
        for (int read = 0; read < length; ) {
            int n = Math.min(length - read, window - buffered);
            if (buffered + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(window, Math.max(buffered + n, buffer.length * 2)));
            }
            System.arraycopy(pcm, offset + read, buffer, buffered, n);
            buffered += n;
            read += n;
            if (buffered == window) {
                transcribeLater(Arrays.copyOf(buffer, buffered), false);
                buffered = 0;
            }
        }
    }

    @Override
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long finishedAt = System.nanoTime();
        if (samplesHeard == 0) {
            recognizer.execute(() -> report(new SpeechException("the utterance had no audio: nothing to recognise")));
            return;
        }
        transcribeLater(Arrays.copyOf(buffer, buffered), true);
        buffer = null;
        long heardMillis = samplesHeard / 16;
        chain = chain.thenRun(() -> {
            if (!cancelled) {
                String text = written.toString();
                long latency = (System.nanoTime() - finishedAt) / 1_000_000;
                listener.onFinal(new Transcript(SpokenWords.of(text), true, heardMillis, latency, text));
            }
        });
    }

    private void transcribeLater(short[] audio, boolean last) {
        chain = chain.thenRunAsync(() -> {
            if (cancelled) {
                return;
            }
            String piece = recognizer.model().transcribe(audio, audio.length, () -> cancelled);
            if (!piece.isEmpty()) {
                written.append(written.length() == 0 ? "" : " ").append(piece);
            }
        }, recognizer::execute).exceptionally(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            report(cause instanceof SpeechException s ? s : new SpeechException("moonshine failed: " + cause, cause));
            cancelled = true; // one error, then silence
            return null;
        });
    }

    private void report(SpeechException error) {
        if (!cancelled) {
            listener.onError(error);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
