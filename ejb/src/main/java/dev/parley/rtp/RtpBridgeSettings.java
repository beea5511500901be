package dev.parley.rtp;

import dev.parley.rtp.sdp.AudioOffer;
import dev.parley.rtp.sdp.RtpAudioFormat;

import java.net.InetAddress;
import java.util.List;

/**
 * Every size and timing of one RTP audio bridge, with the unit in its name. The orchestration fills
 * it from MicroProfile Config; {@link #defaults()} suits a media server on the same host.
 *
 * @param localAddress             where the bridge binds and what its offer's c= says (the RtpEndpoint sends there)
 * @param minPort                  lowest RTP port to try (even ports only; RTCP uses the next one)
 * @param maxPort                  highest port of the pair range
 * @param profile                  {@code RTP/AVP} or {@code RTP/AVPF} in the offer
 * @param opusPayloadType          dynamic payload type offered for Opus
 * @param formats                  offered formats, preferred first (Opus, then PCMU)
 * @param jitterDepthMillis        how long a packet waits for a missing predecessor before that one is concealed
 * @param rtcpIntervalMillis       time between RTCP reports (RFC 3550 suggests 5 s)
 * @param opusBitrateBitsPerSecond Opus target bitrate for the agent's voice
 * @param opusComplexity           0..10, CPU against quality
 * @param maxBurstPackets          how many overdue packets a late sender wake-up may still send at once
 * @param closeTimeoutMillis       how long close() waits for the bridge's threads to end
 */
public record RtpBridgeSettings(InetAddress localAddress, int minPort, int maxPort, String profile, int opusPayloadType,
                                List<RtpAudioFormat> formats, int jitterDepthMillis, int rtcpIntervalMillis,
                                int opusBitrateBitsPerSecond, int opusComplexity, int maxBurstPackets, int closeTimeoutMillis) {

    public RtpBridgeSettings {
        if (minPort < 1024 || maxPort > 65535 || maxPort - minPort < 1) {
            throw new IllegalArgumentException("port range must lie within 1024..65535 and hold a pair, got " + minPort + ".." + maxPort);
        }
        if (rtcpIntervalMillis < 100) {
            throw new IllegalArgumentException("RTCP interval below 100 ms floods the peer, got " + rtcpIntervalMillis);
        }
        if (closeTimeoutMillis < 1) {
            throw new IllegalArgumentException("close timeout must be positive, got " + closeTimeoutMillis);
        }
        formats = List.copyOf(formats);
    }

    public static RtpBridgeSettings defaults() {
        return new RtpBridgeSettings(InetAddress.getLoopbackAddress(), 30_000, 39_999, AudioOffer.AVP, 96,
                List.of(RtpAudioFormat.OPUS, RtpAudioFormat.PCMU), 40, 5_000, 32_000, 5, 3, 2_000);
    }

    public RtpBridgeSettings withFormats(List<RtpAudioFormat> newFormats) {
        return new RtpBridgeSettings(localAddress, minPort, maxPort, profile, opusPayloadType, newFormats, jitterDepthMillis,
                rtcpIntervalMillis, opusBitrateBitsPerSecond, opusComplexity, maxBurstPackets, closeTimeoutMillis);
    }

    public RtpBridgeSettings withRtcpIntervalMillis(int millis) {
        return new RtpBridgeSettings(localAddress, minPort, maxPort, profile, opusPayloadType, formats, jitterDepthMillis, millis,
                opusBitrateBitsPerSecond, opusComplexity, maxBurstPackets, closeTimeoutMillis);
    }

    public RtpBridgeSettings withJitterDepthMillis(int millis) {
        return new RtpBridgeSettings(localAddress, minPort, maxPort, profile, opusPayloadType, formats, millis, rtcpIntervalMillis,
                opusBitrateBitsPerSecond, opusComplexity, maxBurstPackets, closeTimeoutMillis);
    }
}
