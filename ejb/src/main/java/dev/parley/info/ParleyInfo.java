package dev.parley.info;

import dev.parley.media.MediaServerStatus;

import java.util.List;
import java.util.Map;

/**
 * What a running Parley tells about itself (anonymously): its version, whether its media server
 * is connected and the provider active for each SPI role. Never where the media server is: its
 * URL and port are for operators (health checks, logs), not for anyone who can reach the API.
 *
 * @param mediaServer  {@code connected} while at least one media server takes new sessions; otherwise the first
 *                     server's state: {@code not-connected}, {@code reconnecting} or {@code closed}
 * @param mediaServers for administrators only: each server (URL redacted, zone, state, live sessions, why not usable); else null
 */
public record ParleyInfo(String name, String version, String mediaServer, Map<String, String> providers, List<MediaServerStatus> mediaServers) {

    /** Anonymous: no {@code mediaServers} (null is left out of the JSON). */
    public ParleyInfo(String name, String version, String mediaServer, Map<String, String> providers) {
        this(name, version, mediaServer, providers, null);
    }
}
