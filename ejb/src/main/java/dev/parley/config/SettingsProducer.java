package dev.parley.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes {@link ParleySettings} injectable. The defaults live in the EJB jar's
 * META-INF/microprofile-config.properties (the one place MicroProfile Config reads inside an EAR);
 * system properties, environment variables and Payara's config sources override them.
 */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    @ConfigProperty(name = SettingsKeys.MEDIA_SERVER_URL)
    String mediaServerUrl;

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

    @Produces
    public ParleySettings settings() {
        return new ParleySettings(mediaServerUrl,
                new ProviderSelection(vadProvider, sttProvider, llmProvider, ttsProvider));
    }
}
