package dev.parley.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the media server answers on {@code parley.media-server.url}. DOWN names the URL and
 * why (refused, timed out, dropped and reconnecting), so an operator sees what to fix.
 */
@Readiness
@ApplicationScoped
public class MediaServerReadinessCheck implements HealthCheck {

    static final String NAME = "parley-media-server";

    @Inject
    MediaServerConnection media;

    @Override
    public HealthCheckResponse call() {
        return check(media.connection());
    }

    /** The response for {@code connection}'s state now. */
    public static HealthCheckResponse check(KurentoConnection connection) {
        MediaServerStatus status = MediaServerStatus.of(connection);
        return HealthCheckResponse.named(NAME)
                .status(status.up())
                .withData("url", status.url())
                .withData("state", status.state().name())
                .withData("liveSessions", status.liveSessions())
                .withData("detail", status.detail())
                .build();
    }
}
