package dev.parley.media;

import dev.parley.config.ParleySettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.List;

/**
 * The application's media servers ({@code parley.media-server.urls}, or the one
 * {@code parley.media-server.url}), as a CDI bean over {@link MediaServerPool}. Settings are read
 * while the application starts (Payara resolves MicroProfile Config per application thread); the
 * clients are created by the pool's first health round, on the container's managed threads, so a
 * media server that is down does not hold up the deployment; all are released when the
 * application stops.
 */
@ApplicationScoped
public class MediaServerConnection {

    private static final System.Logger LOG = System.getLogger(MediaServerConnection.class.getName());

    @Inject
    ParleySettings parleySettings;

    @Inject
    Config config;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile MediaServerPool pool;

    void readAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        pool();
    }

    /** The pool (for the session layer, readiness, the admin API and metrics). */
    public MediaServerPool pool() {
        MediaServerPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    MediaSettingsReader reader = new MediaSettingsReader(key -> config.getOptionalValue(key, String.class));
                    MediaSettings settings = reader.read(parleySettings.mediaServerUrl());
                    List<MediaServerAddress> servers;
                    long interval;
                    try {
                        servers = reader.servers(parleySettings.mediaServerUrl());
                        interval = reader.healthIntervalMillis();
                    } catch (IllegalArgumentException e) {
                        // The configuration readiness check names the problem; keep the application up on the single URL.
                        LOG.log(System.Logger.Level.ERROR, "{0}; using {1} alone", MediaServerUrls.redactWithin(e.getMessage()),
                                MediaServerUrls.redact(parleySettings.mediaServerUrl()));
                        servers = List.of(new MediaServerAddress(parleySettings.mediaServerUrl(), null));
                        interval = MediaSettingsReader.DEFAULT_HEALTH_INTERVAL_MILLIS;
                    }
                    p = new MediaServerPool(servers, settings, threads, interval);
                    pool = p;
                }
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        MediaServerPool p = pool;
        if (p != null) {
            p.close();
        }
    }
}
