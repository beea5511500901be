package dev.parley.speech.providers;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechProvider;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.llm.AgentTools;
import dev.parley.speech.llm.ToolBox;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.stt.openai.OpenAiSpeechRecognizer;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.moonshine.MoonshineRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.vosk.VoskRecognizer;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.tts.openai.OpenAiSpeechSynthesizer;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * Makes the configured provider of each SPI injectable ({@code @Inject SpeechRecognizer}). Each
 * is created on first use, lives as long as the application, and its native handles and
 * threads are released when the application stops or is redeployed.
 */
@ApplicationScoped
public class SpeechProviders {
    @Inject
    Config config;

    @Inject
    @Any
    Instance<Object> beans;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private ProviderFactory factory() {
        return new ProviderFactory(new SpeechSettingsReader(config), threads);
    }

    private <T> Optional<T> custom(Class<T> type, String name) {
        Instance<T> candidates = beans.select(type, SpeechProvider.Literal.of(name));
        return candidates.isResolvable() ? Optional.of(candidates.get()) : Optional.empty();
    }

    @Produces
    @ApplicationScoped
    public VoiceActivityDetector voiceActivityDetector() {
        return factory().voiceActivityDetector(name -> custom(VoiceActivityDetector.class, name));
    }

    @Produces
    @ApplicationScoped
    public SpeechRecognizer speechRecognizer() {
        return factory().speechRecognizer(name -> custom(SpeechRecognizer.class, name));
    }

    @Produces
    @ApplicationScoped
    public SpeechSynthesizer speechSynthesizer() {
        return factory().speechSynthesizer(name -> custom(SpeechSynthesizer.class, name));
    }

    @Produces
    @ApplicationScoped
    public LanguageModel languageModel() {
        ToolBox tools = new ToolBox(beans.select(AgentTools.class));
        return factory().languageModel(tools, name -> custom(LanguageModel.class, name));
    }

    // Only the built-in providers are closed here; operators' beans have their own lifecycle.
    void closeDetector(@Disposes VoiceActivityDetector detector) {
        if (detector instanceof SileroVoiceActivityDetector silero) {
            silero.close();
        }
    }

    void closeRecognizer(@Disposes SpeechRecognizer recognizer) {
        if (recognizer instanceof PocketSphinxRecognizer pocketSphinx) {
            pocketSphinx.close();
        } else if (recognizer instanceof VoskRecognizer vosk) {
            vosk.close();
        } else if (recognizer instanceof MoonshineRecognizer moonshine) {
            moonshine.close();
        } else if (recognizer instanceof HybridRecognizer hybrid) {
            hybrid.close();
        }
        if (recognizer instanceof OpenAiSpeechRecognizer openAi) {
            openAi.close();
        }
    }

    void closeSynthesizer(@Disposes SpeechSynthesizer synthesizer) {
        if (synthesizer instanceof FliteSynthesizer flite) {
            flite.close();
        }
        if (synthesizer instanceof OpenAiSpeechSynthesizer openAi) {
            openAi.close();
        }
    }

    void closeLanguageModel(@Disposes LanguageModel model) {
        if (model instanceof RetrievalLanguageModel retrieval) {
            retrieval.close();
        }
        // OpenAiLanguageModel holds only an HTTP client, which needs no closing.
    }
}
