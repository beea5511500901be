package dev.parley.info;

import java.util.Map;

/**
 * What a running Parley tells about itself (anonymously): its version, whether its media server
 * is connected and the provider active for each SPI role. Never where the media server is: its
 * URL and port are for operators (health checks, logs), not for anyone who can reach the API.
 *
 * @param mediaServer the connection's state: {@code connected}, {@code not-connected}, {@code reconnecting} or {@code closed}
 */
public record ParleyInfo(String name, String version, String mediaServer, Map<String, String> providers) {
}
