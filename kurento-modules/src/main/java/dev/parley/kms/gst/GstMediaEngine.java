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
