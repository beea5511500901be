package dev.parley.kms.core;

import dev.parley.kms.media.MediaEngine;
import dev.parley.kms.media.PipelineMedia;

import java.util.List;

/** Kurento's MediaPipeline: the container of elements, with one engine pipeline behind it. */
public final class MediaPipeline extends MediaObject {
    private static final List<String> HIERARCHY = List.of("kurento.MediaObject");

    private final PipelineMedia media;
    /** Serialises connect/disconnect/release of this pipeline's elements: the connection tables span elements. */
    private final Object connectionLock = new Object();
    private volatile boolean latencyStats;

    public MediaPipeline(MediaEngine engine, EventPublisher events) {
        super(newId("MediaPipeline", null), null, events);
        this.media = engine.createPipeline(id());
    }

    @Override
    public String typeName() {
        return "MediaPipeline";
    }

    @Override
    public List<String> hierarchy() {
        return HIERARCHY;
    }

    @Override
    public MediaPipeline pipeline() {
        return this;
    }

    public PipelineMedia media() {
        return media;
    }

    /** Whether elements report their latency entries in getStats (KMS's MediaPipeline.latencyStats). */
    boolean latencyStats() {
        return latencyStats;
    }

    Object connectionLock() {
        return connectionLock;
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.boolProperty("latencyStats", () -> latencyStats, v -> latencyStats = v);
        ops.getter("gstreamerDot", this::dot);
    }

    /** A graph of the Kurento elements and their connections (not GStreamer's internal graph). */
    private String dot() {
        StringBuilder dot = new StringBuilder("digraph \"").append(id()).append("\" {\n");
        for (MediaObject child : children()) {
            dot.append("  \"").append(child.id()).append("\";\n");
            if (child instanceof MediaElement element) {
                element.sinkConnections(null, null).forEach(c -> dot.append("  \"").append(c.source().id())
                        .append("\" -> \"").append(c.sink().id()).append("\" [label=\"")
                        .append(c.type()).append("\"];\n"));
            }
        }
        return dot.append("}\n").toString();
    }

    @Override
    protected void onRelease() {
        media.close();
    }
}
