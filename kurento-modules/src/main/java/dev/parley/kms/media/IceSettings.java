package dev.parley.kms.media;

/**
 * WebRtcEndpoint ICE properties as Kurento names them. Unset strings are empty, never null.
 *
 * @param networkInterfaces comma-separated interface names or addresses to gather on; empty = all
 */
public record IceSettings(String stunServerAddress, int stunServerPort, String turnUrl,
                          String externalIPv4, String externalIPv6, String networkInterfaces,
                          boolean iceTcp) {
    public static IceSettings none() {
        return new IceSettings("", 3478, "", "", "", "", false);
    }
}
