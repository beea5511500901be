package dev.parley.speech.stt.pocketsphinx;

import com.sun.jna.Native;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadFactory;

/**
 * Streaming recognition with Debian's pocketsphinx through JNA. Each utterance decodes on a
 * thread of its own, so {@code accept} only queues audio; decoders are pooled because loading
 * one takes about half a second.
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer, AutoCloseable {

    private final PocketSphinxSettings settings;
    private final PocketSphinxLibrary pocketSphinx;
    private final SphinxBaseLibrary sphinxBase;
    private final ExecutorService utteranceThreads;
    private final LinkedBlockingDeque<PocketSphinxDecoder> idleDecoders = new LinkedBlockingDeque<>();
    private final List<PocketSphinxDecoder> allDecoders = new ArrayList<>();
    private boolean closed;

    public PocketSphinxRecognizer(PocketSphinxSettings settings) {
        this(settings, ProviderThreads.named("parley-stt-pocketsphinx"));
    }

    public PocketSphinxRecognizer(PocketSphinxSettings settings, ThreadFactory threads) {
        this.settings = settings;
        settings.requireModelFiles();
        this.sphinxBase = load(settings.sphinxBaseLibrary(), SphinxBaseLibrary.class);
        this.pocketSphinx = load(settings.pocketSphinxLibrary(), PocketSphinxLibrary.class);
        this.utteranceThreads = Executors.newCachedThreadPool(threads);
        // One decoder up front: it proves the model loads, and the first utterance need not wait.
        idleDecoders.add(newDecoder());
    }

    private static <T extends com.sun.jna.Library> T load(String library, Class<T> type) {
        try {
            return Native.load(library, type);
        } catch (UnsatisfiedLinkError e) {
            throw new SpeechException("cannot load native library " + library
                    + " (Debian: apt-get install libpocketsphinx3): " + e.getMessage(), e);
        }
    }

    private synchronized PocketSphinxDecoder newDecoder() {
        if (closed) {
            throw new SpeechException("the pocketsphinx recognizer is closed");
        }
        PocketSphinxDecoder decoder = new PocketSphinxDecoder(pocketSphinx, sphinxBase, settings);
        allDecoders.add(decoder);
        return decoder;
    }

    /** Takes an idle decoder, makes one while under the limit, else waits for one to come back. */
    PocketSphinxDecoder acquireDecoder() throws InterruptedException {
        PocketSphinxDecoder decoder = idleDecoders.pollFirst();
        if (decoder != null) {
            return decoder;
        }
        synchronized (this) {
            if (allDecoders.size() < settings.maxDecoders()) {
                return newDecoder();
            }
        }
        return idleDecoders.takeFirst();
    }

    void releaseDecoder(PocketSphinxDecoder decoder) {
        synchronized (this) {
            if (closed) {
                return; // close() frees every decoder it made
            }
        }
        idleDecoders.addFirst(decoder);
    }

    PocketSphinxSettings settings() {
        return settings;
    }

    @Override
    public Utterance startUtterance(Listener listener) {
        synchronized (this) {
            if (closed) {
                throw new SpeechException("the pocketsphinx recognizer is closed");
            }
        }
        PocketSphinxUtterance utterance = new PocketSphinxUtterance(this, listener);
        utteranceThreads.execute(utterance);
        return utterance;
    }

    /** Decodes a whole recording as one utterance on the caller's thread: for tests and tools. */
    public String recognize(short[] pcm) {
        if (pcm.length == 0) {
            throw new SpeechException("no audio to recognise: the recording is empty");
        }
        try {
            PocketSphinxDecoder decoder = acquireDecoder();
            try {
                decoder.startUtterance();
                int slice = settings.partialIntervalMillis() * 16;
                for (int at = 0; at < pcm.length; at += slice) {
                    int n = Math.min(slice, pcm.length - at);
                    decoder.process(Arrays.copyOfRange(pcm, at, at + n), n);
                }
                decoder.endUtterance();
                return decoder.hypothesis();
            } finally {
                releaseDecoder(decoder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for a pocketsphinx decoder", e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Decoders in use belong to utterance threads: let them notice the interrupt first.
        ProviderThreads.stop(utteranceThreads);
        synchronized (this) {
            allDecoders.forEach(PocketSphinxDecoder::close);
            allDecoders.clear();
            idleDecoders.clear();
        }
    }
}
