package dev.parley.media;

/**
 * STUN and TURN servers the media server's WebRtcEndpoint uses to find candidates behind NAT.
 * Empty strings mean "not set": the endpoint keeps the media server's own defaults.
 *
 * @param stunServerAddress {@code parley.webrtc.stun-server-address}: an IP address (Kurento takes no host names)
 * @param stunServerPort    {@code parley.webrtc.stun-server-port}
 * @param turnUrl           {@code parley.webrtc.turn-url}: {@code user:password@address:port[?transport=udp|tcp]}
 */
public record IceServerSettings(String stunServerAddress, int stunServerPort, String turnUrl) {

    public IceServerSettings {
        stunServerAddress = stunServerAddress == null ? "" : stunServerAddress.strip();
        turnUrl = turnUrl == null ? "" : turnUrl.strip();
        if (stunServerPort < 1 || stunServerPort > 65535) {
            throw new IllegalArgumentException(MediaSettingsReader.STUN_SERVER_PORT + " must be a port (1..65535), got " + stunServerPort);
        }
        if (!turnUrl.isEmpty() && !turnUrl.contains("@")) {
            throw new IllegalArgumentException(MediaSettingsReader.TURN_URL
                    + " must look like user:password@address:port, got '" + turnUrl + "'");
        }
    }

    public static IceServerSettings none() {
        return new IceServerSettings("", 3478, "");
    }

    public boolean hasStun() {
        return !stunServerAddress.isEmpty();
    }

    public boolean hasTurn() {
        return !turnUrl.isEmpty();
    }
}
