package dev.parley.speech.stt.hybrid;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.stt.SpokenWords;
import dev.parley.speech.stt.moonshine.MoonshineModel;
import dev.parley.speech.stt.vosk.VoskRecognizer;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One utterance of the {@code vosk+moonshine} recognizer. Audio goes to a Vosk utterance (whose
 * partials are passed on) and into a buffer Moonshine reads. A pause starts Moonshine on the buffer
 * so far, whose text then is the partial until speech resumes; speech after it makes that run stale. At {@code finish()} a run that is not stale is the
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
    private volatile boolean finished;
    /**
     * Guards what partials say: Vosk's come on its own thread, Moonshine's on the pool. Never held
     * while calling into Vosk, so its thread can always take it.
     */
    private final Object partials = new Object();
    /** Moonshine's words for the audio up to the current pause (guarded by {@link #partials}): they replace Vosk's until speech resumes. */
    private Transcript moonshineWords;
    private volatile boolean cancelled;
    private volatile boolean ended;

    /** One Moonshine transcription of the buffer's first {@code samples}. */
    private final class Run {
        final int samples;
        final CompletableFuture<MoonshineModel.Heard> text = new CompletableFuture<>();
        volatile boolean stale;

        Run(int samples) {
            this.samples = samples;
        }

        void start(short[] audio) {
            owner.execute(() -> {
                MoonshineModel.Heard heard;
                try {
                    heard = owner.moonshine().hear(audio, samples, () -> stale || cancelled);
                } catch (RuntimeException e) {
                    text.completeExceptionally(e);
                    return;
                }
                text.complete(heard);
                if (!heard.looped()) {
                    offerPartial(this, heard.written());
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
                synchronized (partials) {
                    if (ended || cancelled) {
                        return;
                    }
                    Transcript held = moonshineWords;
                    listener.onPartial(held == null ? partial
                            : new Transcript(held.text(), false, Math.max(held.audioMillis(), partial.audioMillis()), 0, held.writtenText()));
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
            synchronized (partials) {
                early.stale = true;
                moonshineWords = null; // the user goes on: Vosk's partials hear the new words first
            }
            early = null;
        }
    }

    /**
     * Moonshine's text of the utterance up to a pause is a partial too: the better words, with
     * punctuation, while the user pauses, so the engine can judge the sentence and prepare its answer
     * on the very words the final will have (the final is this run's text unless the user goes on).
     */
    private void offerPartial(Run run, String written) {
        String words = SpokenWords.of(written);
        if (words.isEmpty()) {
            return; // it heard nothing: Vosk's partials stand
        }
        synchronized (partials) {
            if (run.stale || cancelled || ended || finished) {
                return;
            }
            moonshineWords = new Transcript(words, false, run.samples / 16, 0, withoutTrailingComma(written));
            listener.onPartial(moonshineWords);
        }
    }

    @Override
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long finishedAt = System.nanoTime();
        long heardMillis = samplesHeard / 16;
        if (samplesHeard == 0) {
            vosk.finish();
            voskFinal.whenComplete((fin, error) -> deliver(null, error, finishedAt, heardMillis));
            return;
        }
        CompletableFuture<MoonshineModel.Heard> moonshine;
        if (overflowed) {
            moonshine = CompletableFuture.failedFuture(new SpeechException("longer than the Moonshine window"));
        } else if (early != null) {
            moonshine = early.text;
        } else {
            Run whole = new Run(buffered);
            whole.start(buffer);
            moonshine = whole.text;
        }
        // Vosk's final is only the fallback: it is asked for once Moonshine's text is known to be
        // no good. Otherwise Vosk is cancelled unfinished, so the audio it still has queued and its
        // final search cost nothing at the moment the turn ends, when this call's answer (and every
        // other call's) waits for the CPU.
        moonshine.whenComplete((heard, error) -> {
            String written = error == null ? heard.written() : "";
            if (error == null && !heard.looped() && !SpokenWords.of(written).isEmpty()) {
                vosk.cancel();
                deliver(new Transcript(SpokenWords.of(written), true, heardMillis, 0, asEnded(written)), null, finishedAt, heardMillis);
                return;
            }
            // Moonshine failed, could not take it all, heard nothing, or went round in a loop
            // ("how does the good good good…"): Vosk's words are the next best, if it heard any.
            vosk.finish();
            voskFinal.whenComplete((fin, voskError) -> {
                boolean voskHeard = voskError == null && !fin.text().isEmpty();
                boolean moonshineHeard = !SpokenWords.of(written).isEmpty(); // the first turn of a loop
                if (voskHeard || voskError == null && !moonshineHeard) {
                    deliver(fin, null, finishedAt, heardMillis);
                } else if (error == null) {
                    deliver(new Transcript(SpokenWords.of(written), true, heardMillis, 0, asEnded(written)), null, finishedAt, heardMillis);
                } else {
                    deliver(null, error, finishedAt, heardMillis);
                }
            });
        });
    }

    /**
     * A run started after a short pause sometimes ends its text with a comma: Moonshine saw only
     * that pause of silence and guessed the sentence goes on ("He was not an ill-disposed young man,"
     * after 100 ms, a full stop after 200 ms). That guess is not the speaker's, and a trailing comma
     * would make the engine wait its long silence; an ellipsis, which says the speaker trailed off, stays.
     */
    static String withoutTrailingComma(String written) {
        String text = written.strip();
        while (!text.isEmpty() && ",;:".indexOf(text.charAt(text.length() - 1)) >= 0) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }

    /** The written final: the utterance is over, so a sentence Moonshine left open with a comma ends in a full stop. */
    static String asEnded(String written) {
        String text = written.strip();
        String trimmed = withoutTrailingComma(text);
        return trimmed.length() < text.length() && !trimmed.isEmpty() ? trimmed + "." : text;
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
