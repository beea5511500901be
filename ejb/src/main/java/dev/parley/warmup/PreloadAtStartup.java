package dev.parley.warmup;

import dev.parley.rtp.RtpBridgeSettings;
import dev.parley.session.VoiceSessionContext;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * With {@code parley.preload.enabled=true}, rehearses one turn through the configured providers
 * (see {@link WarmUp}) as the application starts, in the background so that deployment is not held
 * up. It logs one line when done, which {@code ./parley run} waits for before it prints the demo URL:
 * {@value #LOADED} followed by the seconds taken.
 */
@ApplicationScoped
public class PreloadAtStartup {

    public static final String ENABLED = "parley.preload.enabled";
    static final String LOADED = "Parley preload: models loaded in";

    /** The local built-in providers, per capability: only these are rehearsed (remote ones cost a request). */
    private static final Map<String, Set<String>> LOCAL = Map.of(
            "vad", Set.of("silero"),
            "stt", Set.of("vosk+moonshine", "vosk", "moonshine", "pocketsphinx"),
            "llm", Set.of("retrieval"),
            "tts", Set.of("flite"));
    private static final Map<String, String> DEFAULT_PROVIDER = Map.of(
            "vad", "silero", "stt", "vosk+moonshine", "llm", "retrieval", "tts", "flite");
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final System.Logger LOG = System.getLogger(PreloadAtStartup.class.getName());

    @Inject
    Config config;

    @Inject
    Instance<VoiceActivityDetector> vad;

    @Inject
    Instance<SpeechRecognizer> recognizer;

    @Inject
    Instance<LanguageModel> model;

    @Inject
    Instance<SpeechSynthesizer> synthesizer;

    @Inject
    Instance<VoiceSessionContext> sessions;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private Future<?> running;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!config.getOptionalValue(ENABLED, Boolean.class).orElse(false)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Parley preload: loading the speech models");
        running = executor.submit(this::preload);
    }

    private void preload() {
        try {
            VoiceSessionContext context = sessions.get();
            RtpBridgeSettings bridge = context.media().settings().bridge();
            RehearsalTurn turn = new RehearsalTurn(context.conversation(), context.providers(), context.lanes(), context.timers(),
                    bridge.opusBitrateBitsPerSecond(), bridge.opusComplexity());
            WarmUp warmUp = new WarmUp(vad.get(), recognizer.get(), model.get(), synthesizer.get(), this::isLocal, STEP_TIMEOUT, turn);
            WarmUp.Result result = warmUp.run();
            String steps = result.steps().entrySet().stream()
                    .map(step -> step.getKey() + " " + seconds(step.getValue()) + " s"
                            + (step.getKey().equals("turn") ? " answered in " + result.turnResponseMillis() + " ms" : ""))
                    .collect(Collectors.joining(", "));
            String skipped = result.skipped().isEmpty() ? "" : "; not rehearsed (remote or custom): " + String.join(", ", result.skipped());
            LOG.log(System.Logger.Level.INFO, LOADED + " " + seconds(result.total()) + " s (" + steps + ")" + skipped);
            if (result.turnFailure() != null) {
                // The models are loaded; what failed would fail a call too, so it is worth a warning.
                LOG.log(System.Logger.Level.WARNING, "Parley preload: the rehearsed turn failed: " + result.turnFailure());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WarmUpException | RuntimeException e) {
            // Calls still work: each provider loads on first use, as without preloading.
            LOG.log(System.Logger.Level.WARNING, "Parley preload failed: " + e.getMessage(), e);
        }
    }

    private boolean isLocal(String capability) {
        String name = config.getOptionalValue("parley." + capability + ".provider", String.class)
                .orElse(DEFAULT_PROVIDER.get(capability)).strip();
        return LOCAL.get(capability).contains(name);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    @PreDestroy
    void stop() {
        if (running != null) {
            running.cancel(true);
        }
    }
}
