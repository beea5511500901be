package dev.parley.speech.stt.hybrid;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.stt.SpeechHints;
import dev.parley.speech.stt.moonshine.MoonshineModel;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.vosk.VoskRecognizer;
import dev.parley.speech.stt.vosk.VoskSettings;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * The {@code vosk+moonshine} recognizer: each engine for what it does best. Vosk streams the
 * partials while the user speaks (captions, barge-in evidence, endpointing); Moonshine, the more
 * accurate, writes the final. Moonshine starts on the utterance so far as soon as the audio
 * pauses, so its text is usually ready when the engine decides the turn is over; speech after the
 * pause makes it start again. Both models are loaded once and shared by every session.
 */
public final class HybridRecognizer implements SpeechRecognizer, AutoCloseable {
    private final HybridSettings settings;
    private final VoskRecognizer vosk;
    private final MoonshineModel moonshine;
    private final int maxSamples;
    private final ExecutorService work;

    public HybridRecognizer(HybridSettings settings, VoskSettings vosk, MoonshineSettings moonshine) {
        this(settings, vosk, moonshine, SpeechHints.none(), ProviderThreads.named("parley-stt-hybrid"));
    }

    public HybridRecognizer(HybridSettings settings, VoskSettings vosk, MoonshineSettings moonshine, SpeechHints hints) {
        this(settings, vosk, moonshine, hints, ProviderThreads.named("parley-stt-hybrid"));
    }

    /** Moonshine, which writes the final, favours the words of {@code hints}. */
    public HybridRecognizer(HybridSettings settings, VoskSettings voskSettings, MoonshineSettings moonshineSettings,
                            SpeechHints hints, ThreadFactory threads) {
        this.settings = settings;
        this.vosk = new VoskRecognizer(voskSettings, ProviderThreads.named(threads, "parley-stt-vosk"));
        try {
            this.moonshine = new MoonshineModel(moonshineSettings, hints);
        } catch (RuntimeException e) {
            vosk.close();
            throw e;
        }
        this.maxSamples = moonshineSettings.maxUtteranceSeconds() * 16000;
        // Moonshine's runs (at each pause and at the end) are what this pool's threads do.
        this.work = Executors.newCachedThreadPool(ProviderThreads.named(threads, "parley-stt-moonshine"));
    }

    HybridSettings settings() {
        return settings;
    }

    MoonshineModel moonshine() {
        return moonshine;
    }

    int maxSamples() {
        return maxSamples;
    }

    void execute(Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            throw new SpeechException("the vosk+moonshine recognizer is closed", e);
        }
    }

    @Override
    public Utterance startUtterance(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (work.isShutdown()) {
            throw new SpeechException("the vosk+moonshine recognizer is closed");
        }
        HybridUtterance utterance = new HybridUtterance(this, listener);
        utterance.start(vosk);
        return utterance;
    }

    @Override
    public void close() {
        ProviderThreads.stop(work);
        vosk.close();
        moonshine.close();
    }
}
