package dev.parley.health;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.providers.SpeechSettingsReader;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when each configured speech provider (VAD, STT, LLM, TTS) is loaded, and the
 * OpenAI-compatible language model, when it is the one configured, answers. DOWN names each
 * provider that is not usable and why. The result is kept for {@link #CACHE_MILLIS} so that probes
 * stay cheap. Loading a provider happens once (it is an application-scoped bean, also used by every
 * session) and can take seconds (models): the first check starts as the application starts, in the
 * background, and a probe arriving meanwhile waits for it rather than loading anything twice.
 */
@Readiness
@ApplicationScoped
public class SpeechProvidersReadinessCheck implements HealthCheck {

    static final String NAME = "parley-speech-providers";
    static final long CACHE_MILLIS = 10_000;
    static final Duration LLM_TIMEOUT = Duration.ofSeconds(3);

    @Inject
    Instance<VoiceActivityDetector> vad;

    @Inject
    Instance<SpeechRecognizer> stt;

    @Inject
    Instance<LanguageModel> llm;

    @Inject
    Instance<SpeechSynthesizer> tts;

    @Inject
    Config config;

    @Resource
    ManagedExecutorService background;

    private final OpenAiEndpointProbe openAi = new OpenAiEndpointProbe(LLM_TIMEOUT);
    private final CachedResult<List<ProviderStatus>> cached = new CachedResult<>(this::checkNow, CACHE_MILLIS, System::nanoTime);

    /** Loads the providers while the application starts, so the first probe (and the first call) need not wait as long. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        background.execute(cached::get);
    }

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
        statuses.add(loaded("vad", settings.provider("vad", "silero"), vad::get));
        statuses.add(loaded("stt", settings.provider("stt", "pocketsphinx"), stt::get));
        String llmName = settings.provider("llm", "retrieval");
        ProviderStatus model = loaded("llm", llmName, llm::get);
        if (model.up() && llmName.equals("openai")) {
            try {
                model = openAi.probe(settings.openAi().baseUrl(), settings.openAi().apiKey());
            } catch (RuntimeException e) {
                model = ProviderStatus.down("llm", "openai: " + rootMessage(e));
            }
        }
        statuses.add(model);
        statuses.add(loaded("tts", settings.provider("tts", "flite"), tts::get));
        return statuses;
    }

    /** Creates the provider if it was not yet (its bean is application-scoped: touching the proxy creates it once). */
    static ProviderStatus loaded(String capability, String name, Supplier<?> provider) {
        try {
            Object instance = provider.get();
            instance.toString(); // a client proxy creates its instance on the first call
            return ProviderStatus.up(capability, name);
        } catch (RuntimeException | LinkageError e) {
            return ProviderStatus.down(capability, name + " could not be loaded: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
