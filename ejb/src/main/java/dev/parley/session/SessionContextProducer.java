package dev.parley.session;

import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.media.MediaServerConnection;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.VoiceActivityDetector;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Makes {@link VoiceSessionContext} injectable from the container's parts: the media server
 * connection, the configured speech providers (see {@link dev.parley.speech.providers.SpeechProviders}),
 * the conversation settings, and the default managed executors and thread factory, so every
 * session thread is a container thread.
 */
@ApplicationScoped
public class SessionContextProducer {

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

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService lanes;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile ConversationSettings conversation;

    /** Reads the conversation settings while the application's own thread can resolve its configuration. */
    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        conversationSettings();
    }

    private ConversationSettings conversationSettings() {
        ConversationSettings c = conversation;
        if (c == null) {
            c = ConversationSettings.from(key -> config.getOptionalValue(key, String.class));
            conversation = c;
        }
        return c;
    }

    /** Dependent: a record cannot be proxied, and it is cheap (its parts are the shared ones). */
    @Produces
    VoiceSessionContext context() {
        return new VoiceSessionContext(media.pool(), conversationSettings(),
                new ConversationProviders(vad, recognizer, languageModel, synthesizer), lanes, timers, threads);
    }
}
