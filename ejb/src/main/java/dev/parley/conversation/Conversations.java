package dev.parley.conversation;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens one {@link ConversationEngine} per session, wired the production way: settings from
 * MicroProfile Config ({@code parley.conversation.*}), the configured speech providers, the
 * container's managed executors for the session lane and the timeouts, and the system clock.
 * Usable with {@code new} outside a container.
 */
@ApplicationScoped
public class Conversations {

    @Resource
    private ManagedScheduledExecutorService managedScheduler;
    @Resource
    private ManagedExecutorService managedExecutor;
    @Inject
    private Config config;
    @Inject
    private VoiceActivityDetector vad;
    @Inject
    private SpeechRecognizer recognizer;
    @Inject
    private LanguageModel languageModel;
    @Inject
    private SpeechSynthesizer synthesizer;

    private ConversationSettings settings;
    private ConversationProviders providers;
    private ScheduledExecutorService scheduler;
    private Executor executor;

    /** For the container. */
    protected Conversations() {
    }

    public Conversations(ConversationSettings settings, ConversationProviders providers,
                         ScheduledExecutorService scheduler, Executor executor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @PostConstruct
    void fromContainer() {
        settings = ConversationSettings.from(key -> config.getOptionalValue(key, String.class));
        providers = new ConversationProviders(vad, recognizer, languageModel, synthesizer);
        scheduler = managedScheduler;
        executor = managedExecutor;
    }

    /**
     * Starts a conversation that speaks into {@code output} and reports to {@code listener}; feed
     * it with {@link ConversationEngine#acceptAudio} and end it with {@link ConversationEngine#close()}.
     */
    public ConversationEngine open(AgentAudioOutput output, ConversationListener listener) {
        ConversationEngine engine = new ConversationEngine(settings, providers, output, new SystemClock(scheduler),
                new SerialExecutor(executor), listener);
        engine.start();
        return engine;
    }

    public ConversationSettings settings() {
        return settings;
    }
}
