package dev.parley.speech.stt.hybrid;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.stt.SpokenWords;
import dev.parley.speech.stt.vosk.VoskRecognizer;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One utterance of the {@code vosk+moonshine} recognizer. Audio goes to a Vosk utterance (whose
 * partials are passed on) and into a buffer Moonshine reads. A pause starts Moonshine on the buffer
 * so far; speech after it makes that run stale. At {@code finish()} a run that is not stale is the
 * final, else Moonshine runs on the whole buffer. Should Moonshine fail, hear nothing, or the
 * utterance outgrow the buffer, Vosk's own final is used instead.
 */
final class HybridUtterance implements SpeechRecognizer.Utterance {
    private final HybridRecognizer owner;
    private final SpeechRecognizer.Listener listener;
    private final PauseDetector pauses;
    private final CompletableFuture<Transcript> voskFinal = new CompletableFuture<>();
    private SpeechRecognizer.Utterance vosk;
    private short[] buffer = new short[16000];
    private int buffered;
    private long samplesHeard;
    private boolean overflowed;
    private Run early;
    private boolean finished;
    private volatile boolean cancelled;
    private volatile boolean ended;

    /** One Moonshine transcription of the buffer's first {@code samples}. */
    private final class Run {
        final int samples;
        final CompletableFuture<String> text = new CompletableFuture<>();
        volatile boolean stale;

        Run(int samples) {
            this.samples = samples;
        }

        void start(short[] audio) {
            owner.execute(() -> {
                try {
                    text.complete(owner.moonshine().transcribe(audio, samples, () -> stale || cancelled));
                } catch (RuntimeException e) {
                    text.completeExceptionally(e);
                }
            });
        }
    }

    HybridUtterance(HybridRecognizer owner, SpeechRecognizer.Listener listener) {
        this.owner = owner;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pauses = new PauseDetector(owner.settings());
    }

    void start(VoskRecognizer recognizer) {
        vosk = recognizer.startUtterance(new SpeechRecognizer.Listener() {
            @Override
            public void onPartial(Transcript partial) {
                if (!ended && !cancelled) {
                    listener.onPartial(partial);
                }
            }

            @Override
            public void onFinal(Transcript fin) {
                voskFinal.complete(fin);
            }

            @Override
            public void onError(SpeechException error) {
                voskFinal.completeExceptionally(error);
            }
        });
    }

    @Override
    public synchronized void accept(short[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if (finished) {
            throw new SpeechException("audio after finish(): start a new utterance");
        }
        if (cancelled || length == 0) {
            return;
        }
        vosk.accept(pcm, offset, length);
        samplesHeard += length;
        if (overflowed) {
            return;
        }
        if (buffered + length > owner.maxSamples()) {
            // Longer than Moonshine's window: Vosk's final will do for such a monologue.
            overflowed = true;
            buffer = null;
            staleEarlyRun();
            return;
        }
        if (buffered + length > buffer.length) {
            // A new array: a running Moonshine keeps reading the old one, whose samples stay as they were.
            buffer = Arrays.copyOf(buffer, Math.min(owner.maxSamples(), Math.max(buffered + length, buffer.length * 2)));
        }
        System.arraycopy(pcm, offset, buffer, buffered, length);
        buffered += length;
        switch (pauses.accept(pcm, offset, length)) {
            case SPEECH -> staleEarlyRun();
            case PAUSE -> {
                staleEarlyRun();
                early = new Run(buffered);
                early.start(buffer);
            }
            default -> { }
        }
    }

    private void staleEarlyRun() {
        if (early != null) {
            early.stale = true;
            early = null;
        }
    }

    @Override
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long finishedAt = System.nanoTime();
        vosk.finish();
        long heardMillis = samplesHeard / 16;
        if (samplesHeard == 0) {
            voskFinal.whenComplete((fin, error) -> deliver(null, error, finishedAt, heardMillis));
            return;
        }
        CompletableFuture<String> moonshine;
        if (overflowed) {
            moonshine = CompletableFuture.failedFuture(new SpeechException("longer than the Moonshine window"));
        } else if (early != null) {
            moonshine = early.text;
        } else {
            Run whole = new Run(buffered);
            whole.start(buffer);
            moonshine = whole.text;
        }
        moonshine.whenComplete((written, error) -> {
            if (error == null && !SpokenWords.of(written).isEmpty()) {
                deliver(new Transcript(SpokenWords.of(written), true, heardMillis, 0, written), null, finishedAt, heardMillis);
                return;
            }
            // Moonshine failed, could not take it all, or heard nothing (it drops some single short
            // words): Vosk's words are the next best.
            voskFinal.whenComplete((fin, voskError) -> {
                if (voskError == null) {
                    deliver(fin, null, finishedAt, heardMillis);
                } else if (error == null) {
                    deliver(new Transcript("", true, heardMillis, 0, written), null, finishedAt, heardMillis);
                } else {
                    deliver(null, error, finishedAt, heardMillis);
                }
            });
        });
    }

    private void deliver(Transcript fin, Throwable error, long finishedAt, long heardMillis) {
        synchronized (this) {
            if (ended || cancelled) {
                return;
            }
            ended = true;
            buffer = null; // the utterance's memory goes as soon as its final exists
        }
        if (error != null || fin == null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            listener.onError(cause instanceof SpeechException s ? s
                    : new SpeechException("vosk+moonshine failed: " + cause, cause));
            return;
        }
        long latency = (System.nanoTime() - finishedAt) / 1_000_000;
        listener.onFinal(new Transcript(fin.text(), true, heardMillis, latency, fin.writtenText()));
    }

    @Override
    public void cancel() {
        cancelled = true;
        vosk.cancel();
        synchronized (this) {
            staleEarlyRun();
        }
    }
}
