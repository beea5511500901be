package dev.parley.kms.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.kms.media.RtpStreamStats;
import dev.parley.kms.protocol.ComplexType;

/**
 * The Stats complex types of core.kmd.json, filled as KMS 7.1 fills them
 * (docs/media-server.md, "Statistics"). Every field of a type is written, even those KMS leaves empty:
 * the Java client builds each stats object through its constructor and fails on a missing
 * primitive.
 */
final class StatsReport {
    private StatsReport() {
    }

    /** ElementStats of a plain element, present only while the pipeline's latencyStats is on. */
    static JsonObject element(String id, long timestampMillis) {
        return base("ElementStats", id, "element", timestampMillis)
                .with("inputLatency", new JsonArray())
                .json();
    }

    /** EndpointStats of an RTP endpoint, present only while the pipeline's latencyStats is on. */
    static JsonObject endpoint(String id, long timestampMillis) {
        return base("EndpointStats", id, "endpoint", timestampMillis)
                .with("inputLatency", new JsonArray())
                .with("E2ELatency", new JsonArray())
                .json();
    }

    /** RTCInboundRTPStreamStats or RTCOutboundRTPStreamStats of one RTP stream. */
    static JsonObject rtpStream(String id, long timestampMillis, RtpStreamStats s) {
        ComplexType stats = base(s.outbound() ? "RTCOutboundRTPStreamStats" : "RTCInboundRTPStreamStats",
                id, s.outbound() ? "outboundrtp" : "inboundrtp", timestampMillis)
                .with("ssrc", Long.toUnsignedString(s.ssrc()))
                // KMS leaves these empty or zero: it has no track, transport or codec objects, and
                // SLI and REMB come only from its patched GStreamer.
                .with("associateStatsId", "")
                .with("isRemote", false)
                .with("mediaTrackId", "")
                .with("transportId", "")
                .with("codecId", "")
                .with("firCount", s.firCount())
                .with("pliCount", s.pliCount())
                .with("nackCount", s.nackCount())
                .with("sliCount", 0)
                .with("remb", 0)
                .with("packetsLost", s.packetsLost())
                // As KMS: RTCP's 8-bit fraction (0-255), not divided by 256.
                .with("fractionLost", (double) s.fractionLost());
        if (s.outbound()) {
            stats.with("packetsSent", s.packets())
                    .with("bytesSent", s.bytes())
                    .with("targetBitrate", (double) s.bitrate())
                    .with("roundTripTime", s.roundTripSeconds());
        } else {
            stats.with("packetsReceived", s.packets())
                    .with("bytesReceived", s.bytes())
                    .with("jitter", s.jitterSeconds());
        }
        return stats.json();
    }

    private static ComplexType base(String typeName, String id, String type, long timestampMillis) {
        return ComplexType.of(typeName)
                .with("id", id)
                .with("type", type)
                .with("timestampMillis", timestampMillis);
    }
}
