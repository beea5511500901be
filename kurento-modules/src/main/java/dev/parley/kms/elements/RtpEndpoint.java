package dev.parley.kms.elements;

import dev.parley.kms.core.BaseRtpEndpoint;
import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.RtpStatistics;
import dev.parley.kms.media.SdpMedia;
import dev.parley.kms.protocol.KurentoException;
import dev.parley.kms.protocol.Params;

import java.util.List;
import java.util.Set;

/** Kurento's RtpEndpoint: plain RTP/AVP(F), RTCP on the next port, no rtcp-mux. SDES crypto is refused. */
public final class RtpEndpoint extends BaseRtpEndpoint {
    private final RtpMedia media;

    private RtpEndpoint(MediaPipeline pipeline, RtpOptions options, ObjectContext context) {
        super("RtpEndpoint", pipeline, context.events());
        this.media = pipeline.media().createRtpEndpoint(id(), options, engineEvents());
    }

    public static RtpEndpoint create(Call call, ObjectContext context) {
        MediaPipeline pipeline = call.object("mediaPipeline", MediaPipeline.class);
        Params crypto = call.params().optionalComplex("crypto", "SDES");
        if (crypto != null && crypto.size() > 2) { // more than __module__/__type__: a suite or key was asked for
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR,
                    "SDES crypto (RTP/SAVPF) is not supported by this media server; create the RtpEndpoint without 'crypto'");
        }
        boolean useIpv6 = call.params().optionalBoolean("useIpv6", false);
        return new RtpEndpoint(pipeline, new RtpOptions(useIpv6), context);
    }

    @Override
    public String typeName() {
        return "RtpEndpoint";
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
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.addAll(List.of("OnKeySoftLimit"));
    }
}
