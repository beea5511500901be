package dev.parley.health;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechProvider;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.providers.SpeechSettingsReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when each configured speech provider (VAD, STT, LLM, TTS) exists, i.e. names a built-in
 * provider or a CDI bean annotated {@link SpeechProvider} with that name, and each OpenAI-compatible
 * server configured (the language model's, the speech recognizer's, the synthesiser's) answers.
 * DOWN names each provider that is not usable and why. The result is kept for {@link #CACHE_MILLIS} so that probes stay cheap.
 *
 * <p>The check never loads a provider itself: the built-in models take seconds of CPU and a few
 * hundred MB to load, a price a probe must not make a starting server pay. They load on a
 * session's first use.
 */
@Readiness
@ApplicationScoped
public class SpeechProvidersReadinessCheck implements HealthCheck {

    static final String NAME = "parley-speech-providers";
    static final long CACHE_MILLIS = 10_000;
    static final Duration LLM_TIMEOUT = Duration.ofSeconds(3);

    private static final Map<String, Set<String>> BUILT_IN = Map.of(
            "vad", Set.of("silero"), "stt", Set.of("pocketsphinx", "vosk", "moonshine", "vosk+moonshine", "openai"), "llm", Set.of("retrieval", "openai"), "tts", Set.of("flite", "openai"));
    private static final Map<String, String> DEFAULTS = Map.of("vad", "silero", "stt", "vosk+moonshine", "llm", "retrieval", "tts", "flite");
    private static final Map<String, Class<?>> TYPES = Map.of("vad", VoiceActivityDetector.class, "stt", SpeechRecognizer.class,
            "llm", LanguageModel.class, "tts", SpeechSynthesizer.class);

    @Inject
    @Any
    Instance<Object> beans;

    @Inject
    Config config;

    private final OpenAiEndpointProbe openAi = new OpenAiEndpointProbe(LLM_TIMEOUT);
    private final CachedResult<List<ProviderStatus>> cached = new CachedResult<>(this::checkNow, CACHE_MILLIS, System::nanoTime);

    @Override
    public HealthCheckResponse call() {
        return response(cached.get());
    }

    private static HealthCheckResponse response(List<ProviderStatus> statuses) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(statuses.stream().allMatch(ProviderStatus::up));
        data(statuses).forEach(response::withData);
        return response.build();
    }

    /** The response's data: each capability with its provider, or DOWN and why. */
    static Map<String, String> data(List<ProviderStatus> statuses) {
        Map<String, String> data = new LinkedHashMap<>();
        for (ProviderStatus status : statuses) {
            data.put(status.capability(), (status.up() ? "" : "DOWN: ") + status.detail());
        }
        return data;
    }

    private List<ProviderStatus> checkNow() {
        SpeechSettingsReader settings = new SpeechSettingsReader(config);
        List<ProviderStatus> statuses = new ArrayList<>();
        for (String capability : List.of("vad", "stt", "llm", "tts")) {
            String name = settings.provider(capability, DEFAULTS.get(capability));
            ProviderStatus status = configured(capability, name,
                    custom -> beans.select(TYPES.get(capability), SpeechProvider.Literal.of(custom)).isResolvable());
            if (status.up() && name.equals("openai") && !capability.equals("vad")) {
                try {
                    status = switch (capability) {
                        case "llm" -> openAi.probe(settings.openAi().baseUrl(), settings.openAi().apiKey());
                        case "stt" -> openAi.probe("stt", settings.openAiRecognizer().server().baseUrl(),
                                settings.openAiRecognizer().server().apiKey());
                        default -> openAi.probe("tts", settings.openAiSynthesizer().server().baseUrl(),
                                settings.openAiSynthesizer().server().apiKey());
                    };
                } catch (RuntimeException e) {
                    status = ProviderStatus.down(capability, "openai: " + e.getMessage());
                }
            }
            statuses.add(status);
        }
        return statuses;
    }

    /** Whether {@code name} names a built-in provider of {@code capability} or a bean that {@code customExists} finds. */
    static ProviderStatus configured(String capability, String name, Predicate<String> customExists) {
        if (BUILT_IN.get(capability).contains(name)) {
            return ProviderStatus.up(capability, name);
        }
        try {
            if (customExists.test(name)) {
                return ProviderStatus.up(capability, name + " (CDI bean)");
            }
        } catch (RuntimeException e) {
            return ProviderStatus.down(capability, name + ": " + e.getMessage());
        }
        return ProviderStatus.down(capability, "parley." + capability + ".provider=" + name + " names no provider: the built-in ones are "
                + String.join(", ", BUILT_IN.get(capability).stream().sorted().toList()) + ", others are CDI beans annotated @SpeechProvider(\""
                + name + "\")");
    }
}
