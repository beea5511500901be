package dev.parley.conversation.rig;

import dev.parley.conversation.ConversationProviders;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.hybrid.HybridSettings;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import dev.parley.speech.stt.vosk.VoskSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;

/**
 * Embedded speech providers as plain Java objects (Silero VAD, a recognizer, flite), loaded once
 * and shared by a test class; closing releases their native handles and threads.
 */
public final class EmbeddedSpeech implements AutoCloseable {

    public final SileroVoiceActivityDetector vad;
    public final SpeechRecognizer recognizer;
    public final FliteSynthesizer synthesizer;
    private final TrackedThreads recognizerThreads;
    private final Runnable closeRecognizer;

    /** With pocketsphinx: light and quick to load, for behaviours that do not hang on which words come back. */
    public EmbeddedSpeech() {
        this(new TrackedThreads("test-stt"), false);
    }

    /** The stack as deployed by default: vosk+moonshine with the knowledge file's hints. */
    public static EmbeddedSpeech asDeployed() {
        return new EmbeddedSpeech(new TrackedThreads("test-stt-hybrid"), true);
    }

    private EmbeddedSpeech(TrackedThreads threads, boolean deployed) {
        recognizerThreads = threads;
        vad = new SileroVoiceActivityDetector(SileroSettings.defaults());
        if (deployed) {
            HybridRecognizer hybrid = new HybridRecognizer(HybridSettings.defaults(), VoskSettings.defaults(), MoonshineSettings.defaults(),
                    RecognizerChecks.knowledgeHints(), threads);
            recognizer = hybrid;
            closeRecognizer = hybrid::close;
        } else {
            PocketSphinxRecognizer sphinx = new PocketSphinxRecognizer(PocketSphinxSettings.defaults(), threads);
            recognizer = sphinx;
            closeRecognizer = sphinx::close;
        }
        synthesizer = new FliteSynthesizer(FliteSettings.defaults());
    }

    public ConversationProviders with(LanguageModel model) {
        return new ConversationProviders(vad, recognizer, model, synthesizer);
    }

    /** True when the recogniser has digested every frame it was given (its threads wait for more). */
    public boolean recognizerCaughtUp() {
        return recognizerThreads.allParked();
    }

    @Override
    public void close() {
        synthesizer.close();
        closeRecognizer.run();
        vad.close();
    }
}
