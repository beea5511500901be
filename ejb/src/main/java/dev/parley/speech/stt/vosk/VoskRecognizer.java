package dev.parley.speech.stt.vosk;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Streaming recognition with Vosk (Kaldi) through its JNA binding. The model, the large part, is
 * loaded once and shared (Vosk's model is read-only and reference counted); every utterance gets
 * a recognizer of its own and decodes on a thread of its own, so sessions never wait for each other.
 *
 * <p>libvosk.so is loaded by JNA with {@code dlopen}, from a copy JNA extracts per class loader, so
 * it is not bound to the first class loader the way a JNI library is: a redeployed application
 * loads its own copy.
 */
public final class VoskRecognizer implements SpeechRecognizer, AutoCloseable {
    private final VoskSettings settings;
    private final VoskModelFiles files;
    private final Model model;
    private final ExecutorService utteranceThreads;
    private volatile boolean closed;

    public VoskRecognizer(VoskSettings settings) {
        this(settings, ProviderThreads.named("parley-stt-vosk"));
    }

    public VoskRecognizer(VoskSettings settings, ThreadFactory threads) {
        this.settings = settings;
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new SpeechException("cannot load libvosk (com.alphacephei:vosk carries it for linux-x86-64): " + e.getMessage(), e);
        }
        this.files = VoskModelFiles.of(settings);
        try {
            this.model = new Model(files.dir().toString());
        } catch (IOException | RuntimeException e) {
            files.close();
            throw new SpeechException("Vosk cannot load the model in " + files.dir() + ": " + e.getMessage(), e);
        }
        this.utteranceThreads = Executors.newCachedThreadPool(threads);
    }

    VoskSettings settings() {
        return settings;
    }

    /** A recognizer for one utterance over the shared model; the caller closes it. */
    Recognizer newRecognizer() {
        if (closed) {
            throw new SpeechException("the vosk recognizer is closed");
        }
        try {
            Recognizer recognizer = new Recognizer(model, 16000f);
            recognizer.setMaxAlternatives(0);
            recognizer.setWords(false);
            return recognizer;
        } catch (IOException | RuntimeException e) {
            throw new SpeechException("Vosk cannot make a recognizer: " + e.getMessage(), e);
        }
    }

    @Override
    public Utterance startUtterance(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new SpeechException("the vosk recognizer is closed");
        }
        VoskUtterance utterance = new VoskUtterance(this, listener);
        try {
            utteranceThreads.execute(utterance);
        } catch (RejectedExecutionException e) {
            throw new SpeechException("the vosk recognizer is closed", e);
        }
        return utterance;
    }

    /** Decodes a whole recording as one utterance on the caller's thread: for tests and tools. */
    public Transcript recognize(short[] pcm) {
        if (pcm.length == 0) {
            throw new SpeechException("no audio to recognise: the recording is empty");
        }
        try (Recognizer recognizer = newRecognizer()) {
            VoskText text = new VoskText();
            int slice = settings.partialIntervalMillis() * 16;
            short[] buffer = new short[slice];
            for (int at = 0; at < pcm.length; at += slice) {
                int n = Math.min(slice, pcm.length - at);
                System.arraycopy(pcm, at, buffer, 0, n);
                if (recognizer.acceptWaveForm(buffer, n)) {
                    text.segmentEnded(recognizer.getResult());
                }
            }
            text.segmentEnded(recognizer.getFinalResult());
            return new Transcript(text.done(), true, pcm.length / 16, 0);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Recognizers in use belong to utterance threads: they close them as they notice.
        ProviderThreads.stop(utteranceThreads);
        // Vosk counts references: recognizers still alive keep the model until they are freed.
        model.close();
        files.close();
    }
}
