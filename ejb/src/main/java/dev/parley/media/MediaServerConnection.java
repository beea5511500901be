package dev.parley.media;

import dev.parley.config.ParleySettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.kurento.client.KurentoClient;

/**
 * The application's connection to the media server ({@code parley.media-server.url}), as a CDI
 * bean over {@link KurentoConnection}. Settings are read while the application starts (Payara
 * resolves MicroProfile Config per application thread); the client itself is created on first
 * use, so a media server that is down does not hold up the deployment, and released when the
 * application stops.
 */
@ApplicationScoped
public class MediaServerConnection {

    @Inject
    ParleySettings parleySettings;

    @Inject
    Config config;

    private volatile KurentoConnection connection;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        connection();
    }

    /** The plain connection (for the session layer). */
    public KurentoConnection connection() {
        KurentoConnection c = connection;
        if (c == null) {
            synchronized (this) {
                c = connection;
                if (c == null) {
                    MediaSettings settings = new MediaSettingsReader(key -> config.getOptionalValue(key, String.class))
                            .read(parleySettings.mediaServerUrl());
                    c = new KurentoConnection(settings);
                    connection = c;
                }
            }
        }
        return c;
    }

    /** @throws MediaServerUnavailableException within the connect timeout when the server is down */
    public KurentoClient client() {
        return connection().client();
    }

    public boolean reachable() {
        return connection().reachable();
    }

    /** The URL as it may be shown (query values, the secret among them, hidden). */
    public String displayUrl() {
        return connection().displayUrl();
    }

    @PreDestroy
    void close() {
        KurentoConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}
