package dev.parley.conversation.rig;

import dev.parley.conversation.ConversationProviders;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;

/**
 * The embedded speech providers as plain Java objects (Silero VAD, pocketsphinx, flite), loaded
 * once and shared by a test class; closing releases their native handles and threads.
 */
public final class EmbeddedSpeech implements AutoCloseable {

    public final SileroVoiceActivityDetector vad;
    public final PocketSphinxRecognizer recognizer;
    public final FliteSynthesizer synthesizer;
    private final TrackedThreads recognizerThreads = new TrackedThreads("test-stt");

    public EmbeddedSpeech() {
        vad = new SileroVoiceActivityDetector(SileroSettings.defaults());
        recognizer = new PocketSphinxRecognizer(PocketSphinxSettings.defaults(), recognizerThreads);
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
        recognizer.close();
        vad.close();
    }
}
