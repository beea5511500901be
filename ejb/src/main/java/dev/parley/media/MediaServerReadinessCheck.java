package dev.parley.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(up(servers));
        data(servers).forEach((key, value) -> {
            if (value instanceof Boolean b) {
                response.withData(key, b);
            } else if (value instanceof Number n) {
                response.withData(key, n.longValue());
            } else {
                response.withData(key, String.valueOf(value));
            }
        });
        return response.build();
    }

    /** UP while at least one server takes new sessions. */
    public static boolean up(List<MediaServerStatus> servers) {
        return servers.stream().anyMatch(MediaServerStatus::up);
    }

    /** The check's data, in order: the counts, then each server's entries. */
    public static Map<String, Object> data(List<MediaServerStatus> servers) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("servers", servers.size());
        data.put("usable", servers.stream().filter(MediaServerStatus::up).count());
        for (int i = 0; i < servers.size(); i++) {
            MediaServerStatus s = servers.get(i);
            String key = "server" + (i + 1) + ".";
            data.put(key + "url", s.url());
            data.put(key + "zone", s.zone() == null ? "" : s.zone());
            data.put(key + "state", s.state().name());
            data.put(key + "usable", s.up());
            data.put(key + "liveSessions", s.liveSessions());
            data.put(key + "detail", s.detail());
        }
        return data;
    }
}
