package dev.parley.kms.gst;

import java.util.List;

/**
 * What the engine needs from the server configuration.
 *
 * @param localAddresses addresses or interface names to gather ICE candidates on and to take an
 *                       RtpEndpoint's {@code c=} address from; empty = every interface (plus
 *                       127.0.0.1, which libnice otherwise never offers)
 * @param minPort        lowest UDP port an RtpEndpoint may bind (clamped to at least 1024)
 * @param maxPort        highest UDP port an RtpEndpoint may bind
 * @param stunServerAddress default STUN server for new WebRtcEndpoints, empty for none
 * @param stunServerPort default STUN port
 * @param turnUrl        default TURN url in Kurento form {@code user:password@host:port}, empty for none
 */
public record GstEngineConfig(List<String> localAddresses, int minPort, int maxPort,
                              String stunServerAddress, int stunServerPort, String turnUrl) {

    public GstEngineConfig {
        localAddresses = List.copyOf(localAddresses);
        stunServerAddress = stunServerAddress == null ? "" : stunServerAddress;
        turnUrl = turnUrl == null ? "" : turnUrl;
        int min = Math.max(1024, minPort);
        int max = Math.min(65535, maxPort);
        if (max - min < 1) {
            throw new IllegalArgumentException("RTP port range [" + minPort + "," + maxPort
                    + "] must hold at least one even/odd port pair above 1023");
        }
        minPort = min;
        maxPort = max;
    }

    /** Gather everywhere, whole unprivileged port range, no STUN or TURN: KMS's defaults. */
    public static GstEngineConfig defaults() {
        return new GstEngineConfig(List.of(), 1024, 65535, "", 3478, "");
    }
}
