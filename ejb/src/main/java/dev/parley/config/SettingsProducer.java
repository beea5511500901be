package dev.parley.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Makes {@link ParleySettings} injectable. The defaults live in the EJB jar's
 * META-INF/microprofile-config.properties (the one place MicroProfile Config reads inside an EAR);
 * system properties, environment variables and Payara's config sources override them.
 *
 * <p>The values are read once, while the application starts: Payara resolves MicroProfile Config
 * through the calling thread's application, and threads that are not the application's own (the
 * health endpoint's, for one) would otherwise find none of Parley's keys.
 */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    @ConfigProperty(name = SettingsKeys.MEDIA_SERVER_URL)
    String mediaServerUrl;

    @Inject
    @ConfigProperty(name = SettingsKeys.MEDIA_SERVER_URLS)
    Optional<String> mediaServerUrls;

    @Inject
    @ConfigProperty(name = SettingsKeys.VAD_PROVIDER)
    String vadProvider;

    @Inject
    @ConfigProperty(name = SettingsKeys.STT_PROVIDER)
    String sttProvider;

    @Inject
    @ConfigProperty(name = SettingsKeys.LLM_PROVIDER)
    String llmProvider;

    @Inject
    @ConfigProperty(name = SettingsKeys.TTS_PROVIDER)
    String ttsProvider;

    /** Creating this bean at startup injects the values above under the application's own context. */
    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing else to do: being called created the bean and read the configuration
    }

    @Produces
    public ParleySettings settings() {
        return new ParleySettings(mediaServerUrl,
                new ProviderSelection(vadProvider, sttProvider, llmProvider, ttsProvider), mediaServerUrls.orElse(null));
    }
}
