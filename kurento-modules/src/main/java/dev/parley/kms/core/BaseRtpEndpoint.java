package dev.parley.kms.core;

import com.google.gson.JsonObject;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.RtpStatistics;
import dev.parley.kms.media.RtpStreamStats;
import dev.parley.kms.protocol.KurentoException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Kurento's BaseRtpEndpoint: media and connection state (both start DISCONNECTED) and the bandwidth knobs, stored. */
public abstract class BaseRtpEndpoint extends SdpEndpoint {
    private final Object stateLock = new Object();
    private boolean mediaConnected;
    private boolean transportConnected;
    private volatile int minVideoRecvBandwidth;
    private volatile int minVideoSendBandwidth = 100;
    private volatile int maxVideoSendBandwidth = 500;
    private volatile int mtu = 1200;
    /** A stats id per stream, kept for the endpoint's life: KMS tags each RTP source with a UUID once. */
    private final Map<String, String> statsIds = new ConcurrentHashMap<>();

    protected BaseRtpEndpoint(String typeName, MediaPipeline pipeline, EventPublisher events) {
        super(typeName, pipeline, events);
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.BaseRtpEndpoint", "kurento.SdpEndpoint", "kurento.SessionEndpoint",
                "kurento.Endpoint", "kurento.MediaElement", "kurento.MediaObject");
    }

    /** The engine's RTP counters for this endpoint. */
    protected abstract RtpStatistics rtpStatistics();

    /**
     * One RTCInboundRTPStreamStats per received stream and one RTCOutboundRTPStreamStats for the
     * endpoint's own, for AUDIO or no media type (only audio is carried, so VIDEO and DATA have
     * none), plus EndpointStats while the pipeline's latencyStats is on (BaseRtpEndpointImpl.cpp).
     */
    @Override
    protected JsonObject stats(MediaType type, long timestampMillis) {
        JsonObject report = new JsonObject();
        if (type == null || type == MediaType.AUDIO) {
            for (RtpStreamStats stream : rtpStatistics().rtpStats()) {
                String id = statsIds.computeIfAbsent((stream.outbound() ? "out/" : "in/") + stream.ssrc(),
                        key -> UUID.randomUUID().toString());
                report.add(id, StatsReport.rtpStream(id, timestampMillis, stream));
            }
        }
        if (pipeline().latencyStats()) {
            report.add(id(), StatsReport.endpoint(id(), timestampMillis));
        }
        return report;
    }

    @Override
    protected void mediaStateChanged(boolean connected) {
        synchronized (stateLock) {
            if (connected == mediaConnected) {
                return;
            }
            mediaConnected = connected;
        }
        emit("MediaStateChanged", change(connected));
    }

    @Override
    protected void connectionStateChanged(boolean connected) {
        synchronized (stateLock) {
            if (connected == transportConnected) {
                return;
            }
            transportConnected = connected;
        }
        emit("ConnectionStateChanged", change(connected));
    }

    private static JsonObject change(boolean connected) {
        JsonObject fields = new JsonObject();
        fields.addProperty("oldState", state(!connected));
        fields.addProperty("newState", state(connected));
        return fields;
    }

    private static String state(boolean connected) {
        return connected ? "CONNECTED" : "DISCONNECTED";
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.add("MediaStateChanged");
        events.add("ConnectionStateChanged");
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.getter("mediaState", () -> state(mediaConnected));
        ops.getter("connectionState", () -> state(transportConnected));
        ops.intProperty("minVideoRecvBandwidth", () -> minVideoRecvBandwidth, v -> minVideoRecvBandwidth = v);
        ops.intProperty("minVideoSendBandwidth", () -> minVideoSendBandwidth, v -> minVideoSendBandwidth = v);
        ops.intProperty("maxVideoSendBandwidth", () -> maxVideoSendBandwidth, v -> maxVideoSendBandwidth = v);
        ops.intProperty("mtu", () -> mtu, v -> mtu = v);
        // KMS answers 40111 when the endpoint sends no video to anyone; this server never carries video.
        ops.onVoid("requestKeyframe", call -> {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_OPERATION_NOT_SUPPORTED,
                    "Keyframe request not supported: the endpoint has no video subscriber");
        });
    }
}
