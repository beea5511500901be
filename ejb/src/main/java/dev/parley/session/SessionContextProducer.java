package dev.parley.session;

import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.media.MediaServerConnection;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.ProviderThreads;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@link VoiceSessionContext} injectable from the container's parts: the media server
 * connection, the configured speech providers (see {@link dev.parley.speech.providers.SpeechProviders}),
 * the conversation settings, and the container's managed scheduler and thread factory, so every
 * session thread is a container thread.
 *
 * <p>The sessions' lanes run on a pool of this application's own over the managed thread factory,
 * not on the default ManagedExecutorService: that one captures the submitter's context for every
 * task (a ServiceLoader scan of the web application's jars in Payara), and a lane gets a task per
 * 20 ms audio frame. Profiled with four to six calls, that capture was 23 % of the Java CPU
 * samples of the whole server. Managed threads carry the application's context from their start,
 * so nothing is lost.
 */
@ApplicationScoped
public class SessionContextProducer {

    private static final System.Logger LOG = System.getLogger(SessionContextProducer.class.getName());

    @Inject
    MediaServerConnection media;

    @Inject
    Config config;

    @Inject
    VoiceActivityDetector vad;

    @Inject
    SpeechRecognizer recognizer;

    @Inject
    LanguageModel languageModel;

    @Inject
    SpeechSynthesizer synthesizer;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile ConversationSettings conversation;

    private ExecutorService lanes;

    /** Reads the conversation settings while the application's own thread can resolve its configuration. */
    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        conversationSettings();
    }

    private ConversationSettings conversationSettings() {
        ConversationSettings c = conversation;
        if (c == null) {
            c = ConversationSettings.from(key -> config.getOptionalValue(key, String.class));
            if (config.getOptionalValue(ConversationSettings.DEPRECATED_SESSION_LIMIT_KEY, String.class).isPresent()) {
                LOG.log(System.Logger.Level.WARNING, ConversationSettings.DEPRECATED_SESSION_LIMIT_KEY + " is deprecated: set "
                        + ConversationSettings.SESSION_LIMIT_KEY + " (seconds) instead; until then the shorter of the two applies, "
                        + c.maxSessionMillis() / 1000 + " s");
            }
            conversation = c;
        }
        return c;
    }

    /**
     * Grows with the lanes draining at once and lets idle threads go after a minute, like a cached
     * pool: a lane's tasks are short and never wait for each other, so no queue is needed.
     */
    private synchronized ExecutorService lanes() {
        if (lanes == null) {
            // The managed factory gives no thread once the application stops: the pool then rejects the task.
            lanes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    ProviderThreads.named(threads, "parley-lane"));
        }
        return lanes;
    }

    @PreDestroy
    synchronized void stopLanes() {
        if (lanes != null) {
            ProviderThreads.stop(lanes);
        }
    }

    /** Dependent: a record cannot be proxied, and it is cheap (its parts are the shared ones). */
    @Produces
    VoiceSessionContext context() {
        return new VoiceSessionContext(media.pool(), conversationSettings(),
                new ConversationProviders(vad, recognizer, languageModel, synthesizer), lanes(), timers, threads);
    }
}
