package dev.parley.kms.gst;

import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaEngine;
import dev.parley.kms.media.PipelineMedia;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GStreamer media engine: one per server process. Graph changes run on one dedicated
 * thread ({@link GstThread}); media-flow checks on one timer thread ({@link FlowClock}).
 */
public final class GstMediaEngine implements MediaEngine {
    private static final java.util.List<String> WARM_UP_ELEMENTS = java.util.List.of("dtlsdec", "webrtcbin",
            "rtpbin", "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay", "mulawenc", "mulawdec", "rtppcmupay",
            "rtppcmudepay", "audioconvert", "audioresample", "udpsrc", "udpsink", "appsrc", "appsink");

    private final GstEngineConfig config;
    private final GstThread gst;
    private final FlowClock flowClock;
    private final RtpPorts ports;
    private final Set<GstPipeline> pipelines = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public GstMediaEngine(GstEngineConfig config) {
        this.config = Objects.requireNonNull(config, "engine config");
        GstRuntime.ensureInitialized();
        gst = new GstThread("parley-gst");
        flowClock = new FlowClock("parley-gst-flow");
        ports = new RtpPorts(config.minPort(), config.maxPort());
        gst.run(GstMediaEngine::warmUp);
    }

    /**
     * Loads every plugin the endpoints use, and makes GStreamer's DTLS elements create the one
     * self-signed certificate they share per process (RSA, generated on first use): about 1-2 s
     * here, which would otherwise land in the first client's generateOffer/processOffer.
     */
    private static void warmUp() {
        for (String factory : WARM_UP_ELEMENTS) {
            org.freedesktop.gstreamer.Element element = org.freedesktop.gstreamer.ElementFactory.make(factory, null);
            element.dispose();
        }
    }

    @Override
    public PipelineMedia createPipeline(String pipelineId) {
        if (closed) {
            throw new IllegalStateException("media engine is closed");
        }
        GstPipeline pipeline = new GstPipeline(Objects.requireNonNull(pipelineId, "pipeline id"), this);
        pipelines.add(pipeline);
        return pipeline;
    }

    /** Pipelines not yet released (the server's own resource count). */
    public int openPipelines() {
        return pipelines.size();
    }

    /** Elements not yet released, over all pipelines. */
    public int openElements() {
        return pipelines.stream().mapToInt(GstPipeline::elementCount).sum();
    }

    /** RTP/RTCP port pairs held by RtpEndpoints. */
    public int rtpPortPairsInUse() {
        return ports.pairsInUse();
    }

    RtpPorts ports() {
        return ports;
    }

    GstEngineConfig config() {
        return config;
    }

    IceSettings iceDefaults() {
        return new IceSettings(config.stunServerAddress(), config.stunServerPort(), config.turnUrl(),
                "", "", String.join(",", config.localAddresses()), false);
    }

    GstThread gst() {
        return gst;
    }

    FlowClock flowClock() {
        return flowClock;
    }

    void forget(GstPipeline pipeline) {
        pipelines.remove(pipeline);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GstPipeline pipeline : List.copyOf(pipelines)) {
            pipeline.close();
        }
        flowClock.close();
        gst.close();
    }
}
