package dev.parley.speech.stt.moonshine;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.stt.SpeechHints;
import dev.parley.speech.stt.SpokenWords;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Moonshine alone: a whole-utterance recognizer, so it has no partials. The audio is kept until
 * {@code finish()}, then transcribed on a thread of the recognizer's pool; an utterance longer
 * than the window is transcribed window by window as it arrives, so memory stays bounded.
 */
public final class MoonshineRecognizer implements SpeechRecognizer, AutoCloseable {
    private final MoonshineModel model;
    private final boolean ownsModel;
    private final ExecutorService work;

    public MoonshineRecognizer(MoonshineSettings settings) {
        this(new MoonshineModel(settings), true, ProviderThreads.named("parley-stt-moonshine"));
    }

    public MoonshineRecognizer(MoonshineSettings settings, ThreadFactory threads) {
        this(new MoonshineModel(settings), true, threads);
    }

    /** A recognizer whose decoder favours the words of {@code hints}. */
    public MoonshineRecognizer(MoonshineSettings settings, SpeechHints hints, ThreadFactory threads) {
        this(new MoonshineModel(settings, hints), true, threads);
    }

    /** Over a model someone else owns and closes (the hybrid recognizer shares its model). */
    public MoonshineRecognizer(MoonshineModel model, boolean ownsModel, ThreadFactory threads) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.work = Executors.newCachedThreadPool(threads);
    }

    public MoonshineModel model() {
        return model;
    }

    /** Transcribes a whole recording on the caller's thread: for tests and tools. */
    public Transcript recognize(short[] pcm) {
        if (pcm.length == 0) {
            throw new SpeechException("no audio to recognise: the recording is empty");
        }
        String written = transcribeWindows(pcm, pcm.length, () -> false);
        return new Transcript(SpokenWords.of(written), true, pcm.length / 16, 0, written);
    }

    /** Long audio goes in windows of the configured length, each transcribed on its own. */
    String transcribeWindows(short[] pcm, int length, java.util.function.BooleanSupplier cancelled) {
        int window = model.settings().maxUtteranceSeconds() * 16000;
        StringBuilder text = new StringBuilder();
        for (int at = 0; at < length; at += window) {
            int n = Math.min(window, length - at);
            short[] part = at == 0 && n == pcm.length ? pcm : java.util.Arrays.copyOfRange(pcm, at, at + n);
            String piece = model.transcribe(part, n, cancelled);
            if (!piece.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(piece);
            }
        }
        return text.toString();
    }

    @Override
    public Utterance startUtterance(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (work.isShutdown()) {
            throw new SpeechException("the moonshine recognizer is closed");
        }
        return new MoonshineUtterance(this, listener);
    }

    void execute(Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            throw new SpeechException("the moonshine recognizer is closed", e);
        }
    }

    @Override
    public void close() {
        ProviderThreads.stop(work);
        if (ownsModel) {
            model.close();
        }
    }
}
