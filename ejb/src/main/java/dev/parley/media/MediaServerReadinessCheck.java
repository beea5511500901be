package dev.parley.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Ready while at least one media server takes new sessions. The data lists every server
 * ({@code server1.url}, {@code server1.zone}, {@code server1.state}, {@code server1.usable},
 * {@code server1.liveSessions}, {@code server1.detail}, then {@code server2...}), so an operator sees
 * which one to fix and why (refused, timed out, dropped and reconnecting, failing its health check).
 */
@Readiness
@ApplicationScoped
public class MediaServerReadinessCheck implements HealthCheck {

    static final String NAME = "parley-media-server";

    @Inject
    MediaServerConnection media;

    @Override
    public HealthCheckResponse call() {
        return check(media.pool().checkNow());
    }

    /** The response for one server's status. */
    public static HealthCheckResponse check(KurentoConnection connection) {
        return check(List.of(MediaServerStatus.of(connection)));
    }

    /** The response for the servers' statuses: UP while at least one is up. */
    public static HealthCheckResponse check(List<MediaServerStatus> servers) {
        long usable = servers.stream().filter(MediaServerStatus::up).count();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(usable > 0)
                .withData("servers", servers.size())
                .withData("usable", usable);
        for (int i = 0; i < servers.size(); i++) {
            MediaServerStatus s = servers.get(i);
            String key = "server" + (i + 1) + ".";
            response.withData(key + "url", s.url())
                    .withData(key + "zone", s.zone() == null ? "" : s.zone())
                    .withData(key + "state", s.state().name())
                    .withData(key + "usable", s.up())
                    .withData(key + "liveSessions", s.liveSessions())
                    .withData(key + "detail", s.detail());
        }
        return response.build();
    }
}
