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
 * @param cluster      for administrators only: this instance's id and the cluster's members; else null
 */
public record ParleyInfo(String name, String version, String mediaServer, Map<String, String> providers, List<MediaServerStatus> mediaServers,
                         Cluster cluster) {

    /** Anonymous: no {@code mediaServers} and no {@code cluster} (null is left out of the JSON). */
    public ParleyInfo(String name, String version, String mediaServer, Map<String, String> providers) {
        this(name, version, mediaServer, providers, null, null);
    }

    /**
     * @param instance  this instance's id (its data grid member id; sessions name their owner by it)
     * @param clustered whether it shares Payara's data grid with others (false: it runs alone)
     * @param members   the ids of the instances in the cluster now, this one included
     */
    public record Cluster(String instance, boolean clustered, List<String> members) {
    }
}
