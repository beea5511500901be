package dev.parley.kms.core;

import com.google.gson.JsonPrimitive;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.SdpMedia;
import dev.parley.kms.protocol.KurentoException;
import dev.parley.kms.protocol.Params;

import java.util.List;
import java.util.Set;

/**
 * Kurento's SdpEndpoint (with SessionEndpoint and Endpoint folded in): the negotiation state
 * machine. KMS negotiates once: a second offer of either kind is 40208; an answer needs a
 * generated offer (40209) and is taken once (40210). The SDP parse check (40201) comes first.
 */
public abstract class SdpEndpoint extends MediaElement {
    private enum Negotiation { NONE, OFFER_GENERATED, OFFER_PROCESSED, ANSWER_PROCESSED }

    /** Own lock, not the monitor: engine callbacks must never wait behind a negotiation. */
    private final Object negotiationLock = new Object();
    private Negotiation negotiation = Negotiation.NONE;
    private volatile String localSdp;
    private volatile String remoteSdp;
    private volatile int maxAudioRecvBandwidth;
    private volatile int maxVideoRecvBandwidth;

    protected SdpEndpoint(String typeName, MediaPipeline pipeline, EventPublisher events) {
        super(typeName, pipeline, events);
    }

    protected abstract SdpMedia sdpMedia();

    @Override
    protected final SdpMedia media() {
        return sdpMedia();
    }

    /** Runs just before the engine builds or applies a description (WebRtcEndpoint applies its ICE settings). */
    protected void beforeNegotiation() {
    }

    public String processOffer(String offer) {
        SdpSyntax.check(offer, "offer");
        synchronized (negotiationLock) {
            if (negotiation != Negotiation.NONE) {
                throw alreadyNegotiated();
            }
            beforeNegotiation();
            String answer = sdpMedia().processOffer(offer);
            remoteSdp = offer;
            localSdp = answer;
            negotiation = Negotiation.OFFER_PROCESSED;
        }
        emit("MediaSessionStarted");
        return localSdp;
    }

    public String generateOffer(boolean offerAudio, boolean offerVideo) {
        synchronized (negotiationLock) {
            if (negotiation != Negotiation.NONE) {
                throw alreadyNegotiated();
            }
            beforeNegotiation();
            localSdp = sdpMedia().generateOffer(offerAudio, offerVideo);
            negotiation = Negotiation.OFFER_GENERATED;
            return localSdp;
        }
    }

    public String processAnswer(String answer) {
        SdpSyntax.check(answer, "answer");
        synchronized (negotiationLock) {
            if (negotiation == Negotiation.ANSWER_PROCESSED) {
                throw new KurentoException(ErrorCode.SDP_END_POINT_ANSWER_ALREADY_PROCCESED, "Sdp Answer already processed");
            }
            if (negotiation != Negotiation.OFFER_GENERATED) {
                throw new KurentoException(ErrorCode.SDP_END_POINT_NOT_OFFER_GENERATED,
                        "Offer not generated. It is not possible to process an answer.");
            }
            String local = sdpMedia().processAnswer(answer);
            if (local != null) {
                localSdp = local;
            }
            remoteSdp = answer;
            negotiation = Negotiation.ANSWER_PROCESSED;
        }
        emit("MediaSessionStarted");
        return localSdp;
    }

    /** The local description, or null before any negotiation. */
    protected final String localSdp() {
        return localSdp;
    }

    private static KurentoException alreadyNegotiated() {
        return new KurentoException(ErrorCode.SDP_END_POINT_ALREADY_NEGOTIATED, "Endpoint already negotiated");
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.SdpEndpoint", "kurento.SessionEndpoint", "kurento.Endpoint",
                "kurento.MediaElement", "kurento.MediaObject");
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.add("MediaSessionStarted");
        events.add("MediaSessionTerminated");
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.on("processOffer", call -> new JsonPrimitive(processOffer(call.params().requiredString("offer"))));
        ops.on("processAnswer", call -> new JsonPrimitive(processAnswer(call.params().requiredString("answer"))));
        ops.on("generateOffer", call -> {
            Params options = call.params().optionalComplex("options", "OfferOptions");
            boolean audio = options == null || options.optionalBoolean("offerToReceiveAudio", true);
            boolean video = options == null || options.optionalBoolean("offerToReceiveVideo", true);
            return new JsonPrimitive(generateOffer(audio, video));
        });
        ops.on("getLocalSessionDescriptor", call -> {
            if (localSdp == null) {
                throw new KurentoException(ErrorCode.SDP_END_POINT_NO_LOCAL_SDP_ERROR, "No local SDP");
            }
            return new JsonPrimitive(localSdp);
        });
        ops.on("getRemoteSessionDescriptor", call -> {
            if (remoteSdp == null) {
                throw new KurentoException(ErrorCode.SDP_END_POINT_NO_REMOTE_SDP_ERROR, "No remote SDP");
            }
            return new JsonPrimitive(remoteSdp);
        });
        ops.intProperty("maxAudioRecvBandwidth", () -> maxAudioRecvBandwidth, v -> maxAudioRecvBandwidth = v);
        ops.intProperty("maxVideoRecvBandwidth", () -> maxVideoRecvBandwidth, v -> maxVideoRecvBandwidth = v);
    }
}
