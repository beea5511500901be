package dev.parley.info;

import java.util.Map;

/**
 * What a running Parley tells about itself: its version, the media server it drives and the
 * provider active for each SPI role.
 */
public record ParleyInfo(String name, String version, String mediaServerUrl, Map<String, String> providers) {
}
