package dev.parley.conversation;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;

import java.util.Objects;

/** The four speech providers one conversation uses; shared between sessions, so they must be thread-safe. */
public record ConversationProviders(VoiceActivityDetector vad, SpeechRecognizer recognizer,
                                    LanguageModel languageModel, SpeechSynthesizer synthesizer) {
    public ConversationProviders {
        Objects.requireNonNull(vad, "vad");
        Objects.requireNonNull(recognizer, "recognizer");
        Objects.requireNonNull(languageModel, "languageModel");
        Objects.requireNonNull(synthesizer, "synthesizer");
    }
}
