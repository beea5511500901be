package dev.parley.speech.tts.flite;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;

import java.lang.ref.Reference;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Streaming synthesis with Debian's flite through JNA. Audio leaves through flite's
 * audio_streaming_info callback while the rest of the text is still being synthesised, in
 * chunks of {@link FliteSettings#chunkSamples()}; returning STOP from the callback cancels.
 *
 * <p>flite keeps one native voice object per voice library for the whole process (registering
 * twice returns the same one), so it is never unregistered here: other synthesizers, or an
 * earlier deployment's, may still use it. flite is thread-safe once initialised (its README):
 * every synthesis has its own utterance and streaming info, and only {@code flite_init} and the
 * voice's registration touch shared state, so those run under one process-wide lock and texts
 * are synthesised side by side, each on a thread of its own. One thread for every session had
 * each answer wait for the others' (first audio 870 ms after the first token with six calls at
 * once, 30 ms with one).
 */
public final class FliteSynthesizer implements SpeechSynthesizer, AutoCloseable {
    static final int SAMPLE_RATE_HZ = 16000;
    /**
     * dlopen flags RTLD_LAZY | RTLD_GLOBAL | RTLD_NODELETE: the registered voice lives in the
     * voice library's memory, so the library must never be unmapped (JNA would dlclose it once
     * its NativeLibrary object is collected) while any synthesizer may still use the voice.
     */
    private static final Map<String, Object> NEVER_UNLOAD = Map.of(Library.OPTION_OPEN_FLAGS, 0x1 | 0x100 | 0x1000);
    /** Guards flite's initialisation and voice registration, which are not thread-safe (flite.h). */
    private static final Object REGISTRATION = new Object();
    private static final byte[] STREAMING_INFO = "streaming_info\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final FliteSettings settings;
    private final FliteLibrary flite;
    private final NativeLibrary voiceLibrary;
    private final Pointer voice;
    private final Function uttSynth;
    private final ExecutorService synthesisThreads;

    public FliteSynthesizer(FliteSettings settings) {
        this(settings, ProviderThreads.named("parley-tts-flite"));
    }

    public FliteSynthesizer(FliteSettings settings, ThreadFactory threads) {
        this.settings = settings;
        try {
            synchronized (REGISTRATION) {
                this.flite = Native.load(settings.fliteLibrary(), FliteLibrary.class, NEVER_UNLOAD);
                this.uttSynth = NativeLibrary.getInstance(settings.fliteLibrary(), NEVER_UNLOAD).getFunction("utt_synth");
                flite.flite_init();
                this.voiceLibrary = NativeLibrary.getInstance(settings.voiceLibrary(), NEVER_UNLOAD);
                this.voice = voiceLibrary.getFunction(settings.registerFunction()).invokePointer(new Object[] {null});
            }
        } catch (UnsatisfiedLinkError e) {
            throw new SpeechException("cannot load flite voice '" + settings.voice() + "' (" + settings.voiceLibrary()
                    + "; Debian: apt-get install libflite1): " + e.getMessage(), e);
        }
        if (voice == null) {
            throw new SpeechException("flite could not register voice " + settings.voice() + " from " + voiceLibrary);
        }
        // A short probe proves the voice speaks at Parley's rate before anyone relies on it.
        new Synthesis("Hello.", new ProbeListener(), settings.voice()).run();
        this.synthesisThreads = Executors.newCachedThreadPool(threads);
    }

    @Override
    public Cancellable synthesize(String text, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Synthesis synthesis = new Synthesis(text, listener, settings.voice());
        try {
            synthesisThreads.execute(synthesis);
        } catch (RejectedExecutionException e) {
            throw new SpeechException("the flite synthesizer is closed", e);
        }
        return synthesis;
    }

    @Override
    public void close() {
        ProviderThreads.stop(synthesisThreads);
    }

    /** One text's synthesis; runs on a synthesis thread of its own, cancellable from any thread. */
    private final class Synthesis implements Runnable, Cancellable {
        private final String text;
        private final Listener listener;
        private final String voiceName;
        private volatile boolean cancelled;
        private SpeechException failure;

        Synthesis(String text, Listener listener, String voiceName) {
            this.text = text;
            this.listener = listener;
            this.voiceName = voiceName;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            if (text == null || text.isBlank()) {
                listener.onError(new SpeechException("nothing to synthesise: the text is empty"));
                return;
            }
            try {
                synthesise();
            } catch (RuntimeException e) {
                failure = e instanceof SpeechException se ? se : new SpeechException("flite failed: " + e, e);
            }
            if (cancelled) {
                return;
            }
            if (failure != null) {
                listener.onError(failure);
            } else {
                listener.onComplete();
            }
        }

        private void synthesise() {
            FliteLibrary.StreamCallback callback = this::onChunk;
            Memory featureName = new Memory(STREAMING_INFO.length);
            featureName.write(0, STREAMING_INFO, 0, STREAMING_INFO.length);
            Pointer utterance = flite.new_utterance();
            try {
                flite.utt_set_input_text(utterance, text);
                flite.utt_init(utterance, voice);
                Pointer info = flite.new_audio_streaming_info();
                info.setInt(FliteLibrary.ASI_MIN_BUFFSIZE, settings.chunkSamples());
                info.setPointer(FliteLibrary.ASI_CALLBACK, com.sun.jna.CallbackReference.getFunctionPointer(callback));
                // The utterance's features own the info from here: delete_utterance frees it.
                flite.feat_set(utterance.getPointer(0), featureName, flite.audio_streaming_info_val(info));
                flite.flite_do_synth(utterance, voice, uttSynth);
            } finally {
                flite.delete_utterance(utterance);
                Reference.reachabilityFence(callback);
                Reference.reachabilityFence(featureName);
            }
        }

        private int onChunk(Pointer wave, int start, int size, int last, Pointer info) {
            if (cancelled) {
                return FliteLibrary.CST_AUDIO_STREAM_STOP;
            }
            int rate = wave.getInt(FliteLibrary.WAVE_SAMPLE_RATE);
            if (rate != SAMPLE_RATE_HZ) {
                failure = new SpeechException("flite voice " + voiceName + " speaks at " + rate
                        + " Hz; Parley needs " + SAMPLE_RATE_HZ + " Hz (use slt, rms, awb or kal16)");
                return FliteLibrary.CST_AUDIO_STREAM_STOP;
            }
            if (size > 0) {
                listener.onAudio(wave.getPointer(FliteLibrary.WAVE_SAMPLES).getShortArray(2L * start, size));
            }
            return FliteLibrary.CST_AUDIO_STREAM_CONT;
        }
    }

    private static final class ProbeListener implements Listener {
        @Override
        public void onAudio(short[] pcm) {
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void onError(SpeechException error) {
            throw error;
        }
    }
}
