package dev.parley.speech.providers;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.llm.ToolBox;
import dev.parley.speech.llm.openai.OpenAiLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.stt.openai.OpenAiSpeechRecognizer;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.moonshine.MoonshineRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.vosk.VoskRecognizer;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.tts.openai.OpenAiSpeechSynthesizer;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Makes the configured built-in provider of each SPI; a name that is no built-in one is looked
 * up among the operator's {@code @SpeechProvider} beans by the {@code custom} function.
 */
public final class ProviderFactory {
    private final SpeechSettingsReader settings;
    private final ThreadFactory threads;

    public ProviderFactory(SpeechSettingsReader settings, ThreadFactory threads) {
        this.settings = settings;
        this.threads = threads;
    }

    public VoiceActivityDetector voiceActivityDetector(Function<String, Optional<VoiceActivityDetector>> custom) {
        String name = settings.provider("vad", "silero");
        if (name.equals("silero")) {
            return new SileroVoiceActivityDetector(settings.silero());
        }
        return custom.apply(name).orElseThrow(() -> unknown("vad", name, "silero"));
    }

    public SpeechRecognizer speechRecognizer(Function<String, Optional<SpeechRecognizer>> custom) {
        String name = settings.provider("stt", "vosk+moonshine");
        switch (name) {
            case "pocketsphinx":
                return new PocketSphinxRecognizer(settings.pocketSphinx(), named("parley-stt-pocketsphinx"));
            case "vosk":
                return new VoskRecognizer(settings.vosk(), named("parley-stt-vosk"));
            case "moonshine":
                return new MoonshineRecognizer(settings.moonshine(), settings.speechHints(), named("parley-stt-moonshine"));
            case "vosk+moonshine":
                return new HybridRecognizer(settings.hybrid(), settings.vosk(), settings.moonshine(), settings.speechHints(), named("parley-stt-hybrid"));
            case "openai":
                return new OpenAiSpeechRecognizer(settings.openAiRecognizer(), named("parley-stt-openai"));
            default:
                return custom.apply(name).orElseThrow(() -> unknown("stt", name, "vosk+moonshine, vosk, moonshine, pocketsphinx, openai"));
        }
    }

    public SpeechSynthesizer speechSynthesizer(Function<String, Optional<SpeechSynthesizer>> custom) {
        String name = settings.provider("tts", "flite");
        if (name.equals("flite")) {
            return new FliteSynthesizer(settings.flite(), named("parley-tts-flite"));
        }
        if (name.equals("openai")) {
            return new OpenAiSpeechSynthesizer(settings.openAiSynthesizer(), named("parley-tts-openai"));
        }
        return custom.apply(name).orElseThrow(() -> unknown("tts", name, "flite, openai"));
    }

    public LanguageModel languageModel(ToolBox tools, Function<String, Optional<LanguageModel>> custom) {
        String name = settings.provider("llm", "retrieval");
        switch (name) {
            case "retrieval":
                return new RetrievalLanguageModel(settings.retrieval(), named("parley-llm-retrieval"));
            case "openai":
                return new OpenAiLanguageModel(settings.openAi(), tools);
            default:
                return custom.apply(name).orElseThrow(() -> unknown("llm", name, "retrieval, openai"));
        }
    }

    /** The provider's threads, from the given factory, named after it. */
    private ThreadFactory named(String provider) {
        return ProviderThreads.named(threads, provider);
    }

    private static SpeechException unknown(String capability, String name, String builtIn) {
        return new SpeechException("parley." + capability + ".provider=" + name + " names no provider: the built-in ones are "
                + builtIn + ", others are CDI beans annotated @SpeechProvider(\"" + name + "\")");
    }
}
