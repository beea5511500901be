package dev.parley.kms.elements;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.kms.core.BaseRtpEndpoint;
import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.Operations;
import dev.parley.kms.core.SdpSyntax;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.IceEventSink;
import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaException;
import dev.parley.kms.media.RtpStatistics;
import dev.parley.kms.media.SdpMedia;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;
import dev.parley.kms.protocol.ComplexType;
import dev.parley.kms.protocol.KurentoException;
import dev.parley.kms.protocol.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Kurento's WebRtcEndpoint: ICE properties (stored, echoed, handed to the engine before each
 * gathering or negotiation), trickle ICE, and the ICE events. Data channels are not supported.
 */
public final class WebRtcEndpoint extends BaseRtpEndpoint {
    /** KMS's CertificateKeyType enum. */
    enum CertificateKeyType { RSA, ECDSA }

    private final WebRtcMedia media;
    private final Object iceLock = new Object();
    private IceSettings ice;
    private IceSettings appliedIce;
    private final List<JsonObject> selectedPairs = new ArrayList<>();
    private final Map<String, JsonObject> componentStates = new LinkedHashMap<>();

    private WebRtcEndpoint(MediaPipeline pipeline, WebRtcOptions options, ObjectContext context) {
        super("WebRtcEndpoint", pipeline, context.events());
        this.ice = context.iceDefaults();
        this.media = pipeline.media().createWebRtcEndpoint(id(), options, new EngineIceEvents());
    }

    public static WebRtcEndpoint create(Call call, ObjectContext context) {
        MediaPipeline pipeline = call.object("mediaPipeline", MediaPipeline.class);
        Params p = call.params();
        boolean recvonly = p.optionalBoolean("recvonly", false);
        boolean sendonly = p.optionalBoolean("sendonly", false);
        // Accepted as KMS does; data channels and DSCP marking are not implemented (see docs/media-server.md).
        p.optionalBoolean("useDataChannels", false);
        p.optionalEnum("certificateKeyType", CertificateKeyType.class, CertificateKeyType.RSA);
        p.optionalString("qosDscp", "NO_VALUE");
        return new WebRtcEndpoint(pipeline, new WebRtcOptions(recvonly, sendonly), context);
    }

    @Override
    public String typeName() {
        return "WebRtcEndpoint";
    }

    @Override
    protected SdpMedia sdpMedia() {
        return media;
    }

    @Override
    protected RtpStatistics rtpStatistics() {
        return media;
    }

    @Override
    protected void beforeNegotiation() {
        applyIceSettings();
    }

    /** Hands the current ICE settings to the engine when they changed since the last time. */
    private void applyIceSettings() {
        IceSettings current;
        synchronized (iceLock) {
            if (ice.equals(appliedIce)) {
                return;
            }
            current = ice;
            appliedIce = current;
        }
        media.applyIceSettings(current);
    }

    private void updateIce(UnaryOperator<IceSettings> change) {
        synchronized (iceLock) {
            ice = change.apply(ice);
        }
    }

    private IceSettings ice() {
        synchronized (iceLock) {
            return ice;
        }
    }

    void gatherCandidates() {
        applyIceSettings();
        try {
            media.gatherCandidates();
        } catch (MediaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KurentoException(ErrorCode.ICE_GATHER_CANDIDATES_ERROR, "Error gathering candidates: " + e.getMessage());
        }
    }

    void addIceCandidate(Params candidate) {
        String text = candidate.requiredString("candidate");
        String sdpMid = candidate.optionalString("sdpMid", "");
        int index = candidate.requiredInt("sdpMLineIndex");
        if (text.isEmpty()) {
            return; // end-of-candidates: KMS ignores it
        }
        String local = localSdp();
        if (index < 0 || (local != null && index >= SdpSyntax.mediaCount(local))) {
            throw new KurentoException(ErrorCode.ICE_ADD_CANDIDATE_ERROR,
                    "Error adding candidate: sdpMLineIndex " + index + " has no local m-line");
        }
        media.addIceCandidate(text, sdpMid, index);
    }

    private void iceCandidateFound(String candidate, String sdpMid, int sdpMLineIndex) {
        JsonObject fields = new JsonObject();
        fields.add("candidate", ComplexType.of("IceCandidate")
                .with("candidate", candidate)
                .with("sdpMid", sdpMid)
                .with("sdpMLineIndex", sdpMLineIndex)
                .json());
        emit("IceCandidateFound", fields);
    }

    private void iceGatheringDone() {
        emit("IceGatheringDone");
    }

    private void iceComponentStateChanged(int streamId, int componentId, String state) {
        synchronized (componentStates) {
            componentStates.put(streamId + "/" + componentId, ComplexType.of("IceConnection")
                    .with("streamId", String.valueOf(streamId))
                    .with("componentId", componentId)
                    .with("state", state)
                    .json());
        }
        JsonObject fields = new JsonObject();
        fields.addProperty("streamId", streamId);
        fields.addProperty("componentId", componentId);
        fields.addProperty("state", state);
        emit("IceComponentStateChanged", fields);
    }

    private void newCandidatePairSelected(String streamId, int componentId, String local, String remote) {
        JsonObject pair = ComplexType.of("IceCandidatePair")
                .with("streamId", streamId)
                .with("componentId", componentId)
                .with("localCandidate", local)
                .with("remoteCandidate", remote)
                .json();
        synchronized (selectedPairs) {
            selectedPairs.removeIf(p -> p.get("streamId").getAsString().equals(streamId)
                    && p.get("componentId").getAsInt() == componentId);
            selectedPairs.add(pair);
        }
        JsonObject fields = new JsonObject();
        fields.add("candidatePair", pair);
        emit("NewCandidatePairSelected", fields);
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.addAll(List.of("IceCandidateFound", "IceGatheringDone", "IceComponentStateChanged",
                "NewCandidatePairSelected", "DtlsConnectionStateChange", "DataChannelOpened", "DataChannelClosed"));
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.stringProperty("stunServerAddress", () -> ice().stunServerAddress(), v -> updateIce(s ->
                new IceSettings(v, s.stunServerPort(), s.turnUrl(), s.externalIPv4(), s.externalIPv6(), s.networkInterfaces(), s.iceTcp())));
        ops.intProperty("stunServerPort", () -> ice().stunServerPort(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), v, s.turnUrl(), s.externalIPv4(), s.externalIPv6(), s.networkInterfaces(), s.iceTcp())));
        ops.stringProperty("turnUrl", () -> ice().turnUrl(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), s.stunServerPort(), v, s.externalIPv4(), s.externalIPv6(), s.networkInterfaces(), s.iceTcp())));
        ops.stringProperty("externalIPv4", () -> ice().externalIPv4(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), s.stunServerPort(), s.turnUrl(), v, s.externalIPv6(), s.networkInterfaces(), s.iceTcp())));
        ops.stringProperty("externalIPv6", () -> ice().externalIPv6(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), s.stunServerPort(), s.turnUrl(), s.externalIPv4(), v, s.networkInterfaces(), s.iceTcp())));
        ops.stringProperty("networkInterfaces", () -> ice().networkInterfaces(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), s.stunServerPort(), s.turnUrl(), s.externalIPv4(), s.externalIPv6(), v, s.iceTcp())));
        ops.boolProperty("iceTcp", () -> ice().iceTcp(), v -> updateIce(s ->
                new IceSettings(s.stunServerAddress(), s.stunServerPort(), s.turnUrl(), s.externalIPv4(), s.externalIPv6(), s.networkInterfaces(), v)));
        ops.onVoid("gatherCandidates", call -> gatherCandidates());
        ops.onVoid("addIceCandidate", call -> addIceCandidate(call.params().requiredComplex("candidate", "IceCandidate")));
        ops.on("getICECandidatePairs", call -> {
            JsonArray array = new JsonArray();
            synchronized (selectedPairs) {
                selectedPairs.forEach(array::add);
            }
            return array;
        });
        ops.on("getIceConnectionState", call -> {
            JsonArray array = new JsonArray();
            synchronized (componentStates) {
                componentStates.values().forEach(array::add);
            }
            return array;
        });
        ops.on("getDtlsConnectionState", call -> new JsonArray());
        ops.onVoid("createDataChannel", call -> {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_OPERATION_NOT_SUPPORTED,
                    "Cannot create data channel: data channels are not negotiated on this server");
        });
        ops.onVoid("closeDataChannel", call -> {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_OPERATION_NOT_SUPPORTED,
                    "Cannot close data channel: data channels are not negotiated on this server");
        });
    }

    /** The engine's reports: what every element reports, and ICE progress as this endpoint's ICE events. */
    private final class EngineIceEvents extends EngineEvents implements IceEventSink {
        @Override
        public void iceCandidateFound(String candidate, String sdpMid, int sdpMLineIndex) {
            WebRtcEndpoint.this.iceCandidateFound(candidate, sdpMid, sdpMLineIndex);
        }

        @Override
        public void iceGatheringDone() {
            WebRtcEndpoint.this.iceGatheringDone();
        }

        @Override
        public void iceComponentStateChanged(int streamId, int componentId, String state) {
            WebRtcEndpoint.this.iceComponentStateChanged(streamId, componentId, state);
        }

        @Override
        public void newCandidatePairSelected(String streamId, int componentId, String localCandidate, String remoteCandidate) {
            WebRtcEndpoint.this.newCandidatePairSelected(streamId, componentId, localCandidate, remoteCandidate);
        }
    }
}
