package dev.parley.kms.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.protocol.KurentoException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kurento's MediaElement: the connection tables and media-flow state.
 *
 * <pre>
 *   source.connect(sink)            one row per media type (AUDIO, VIDEO, DATA)
 *   source --AUDIO--> sink          reaches the engine: source.media.linkAudio(sink.media)
 *   source --VIDEO/DATA--> sink     recorded only: the engine carries audio alone
 * </pre>
 *
 * A sink has one source per (media type, sink description); connecting a new source to an
 * occupied slot first disconnects the old one. A source may feed any number of sinks.
 */
public abstract class MediaElement extends MediaObject {
    public static final String DEFAULT_DESCRIPTION = "default";
    private static final List<MediaType> ALL_TYPES = List.of(MediaType.AUDIO, MediaType.VIDEO, MediaType.DATA);

    private record Slot(MediaType type, String description) {
    }

    private final MediaPipeline pipeline;
    private final List<ElementConnection> outgoing = new ArrayList<>();
    private final Map<Slot, ElementConnection> incoming = new HashMap<>();
    private final MediaEventSink engineEvents = new EngineEvents();
    /** Not the element's monitor: engine threads report flow while a negotiation may hold that. */
    private final Object flowLock = new Object();
    private volatile boolean flowingIn;
    private volatile boolean flowingOut;
    private volatile int encoderBitrate = 300_000;
    private volatile int minEncoderBitrate;
    private volatile int maxEncoderBitrate;

    protected MediaElement(String typeName, MediaPipeline pipeline, EventPublisher events) {
        this(typeName, pipeline, pipeline, events);
    }

    /** For elements whose parent is not the pipeline itself (HubPort's parent is its hub). */
    protected MediaElement(String typeName, MediaObject parent, MediaPipeline pipeline, EventPublisher events) {
        super(newId(typeName, parent), parent, events);
        this.pipeline = pipeline;
    }

    @Override
    public final MediaPipeline pipeline() {
        return pipeline;
    }

    /** The engine element behind this one. */
    protected abstract ElementMedia media();

    /** What the engine reports about this element's media. Pass it when creating the engine element. */
    protected final MediaEventSink engineEvents() {
        return engineEvents;
    }

    public void connect(MediaElement sink, MediaType only, String sourceDescription, String sinkDescription) {
        checkConnectable(sink, sourceDescription, sinkDescription);
        synchronized (pipeline.connectionLock()) {
            for (MediaType type : only == null ? ALL_TYPES : List.of(only)) {
                connectOne(sink, type, sourceDescription, sinkDescription);
            }
        }
    }

    private void checkConnectable(MediaElement sink, String sourceDescription, String sinkDescription) {
        if (sink.pipeline() != pipeline) {
            throw new KurentoException(ErrorCode.CONNECT_ERROR, "Media elements do not share pipeline");
        }
        if (!DEFAULT_DESCRIPTION.equals(sourceDescription) || !DEFAULT_DESCRIPTION.equals(sinkDescription)) {
            throw new KurentoException(ErrorCode.CONNECT_ERROR, "Element has no pad with description '"
                    + (DEFAULT_DESCRIPTION.equals(sourceDescription) ? sinkDescription : sourceDescription) + "'");
        }
    }

    private void connectOne(MediaElement sink, MediaType type, String sourceDescription, String sinkDescription) {
        Slot slot = new Slot(type, sinkDescription);
        ElementConnection old = sink.incoming.get(slot);
        if (old != null) {
            if (old.source() == this && old.sourceDescription().equals(sourceDescription)) {
                return;
            }
            old.source().drop(old);
        }
        ElementConnection connection = new ElementConnection(this, sink, type, sourceDescription, sinkDescription);
        if (type == MediaType.AUDIO) {
            media().linkAudio(sink.media());
        }
        outgoing.add(connection);
        sink.incoming.put(slot, connection);
        emit("ElementConnected", connectionEvent(connection.sink(), type, sourceDescription, sinkDescription));
    }

    public void disconnect(MediaElement sink, MediaType only, String sourceDescription, String sinkDescription) {
        synchronized (pipeline.connectionLock()) {
            for (MediaType type : only == null ? ALL_TYPES : List.of(only)) {
                ElementConnection c = sink.incoming.get(new Slot(type, sinkDescription));
                if (c != null && c.source() == this && c.sourceDescription().equals(sourceDescription)) {
                    drop(c);
                } else {
                    // KMS reports the disconnection even when the pair was not connected.
                    emit("ElementDisconnected", connectionEvent(sink, type, sourceDescription, sinkDescription));
                }
            }
        }
    }

    /** Removes one of this element's outgoing connections from both tables and the engine. */
    private void drop(ElementConnection c) {
        outgoing.remove(c);
        c.sink().incoming.remove(new Slot(c.type(), c.sinkDescription()));
        if (c.type() == MediaType.AUDIO) {
            media().unlinkAudio(c.sink().media());
        }
        emit("ElementDisconnected", connectionEvent(c.sink(), c.type(), c.sourceDescription(), c.sinkDescription()));
    }

    private static JsonObject connectionEvent(MediaElement sink, MediaType type, String sourceDescription, String sinkDescription) {
        JsonObject fields = new JsonObject();
        fields.addProperty("sink", sink.id());
        fields.addProperty("mediaType", type.name());
        fields.addProperty("sourceMediaDescription", sourceDescription);
        fields.addProperty("sinkMediaDescription", sinkDescription);
        return fields;
    }

    /** What feeds this element. */
    public List<ElementConnection> sourceConnections(MediaType type, String description) {
        synchronized (pipeline.connectionLock()) {
            List<ElementConnection> result = new ArrayList<>();
            for (ElementConnection c : incoming.values()) {
                if ((type == null || c.type() == type) && (description == null || c.sinkDescription().equals(description))) {
                    result.add(c);
                }
            }
            result.sort((a, b) -> a.type().compareTo(b.type()));
            return result;
        }
    }

    /** What this element feeds. */
    public List<ElementConnection> sinkConnections(MediaType type, String description) {
        synchronized (pipeline.connectionLock()) {
            List<ElementConnection> result = new ArrayList<>();
            for (ElementConnection c : outgoing) {
                if ((type == null || c.type() == type) && (description == null || c.sourceDescription().equals(description))) {
                    result.add(c);
                }
            }
            return result;
        }
    }

    /** Disconnects everything on both sides, then frees the engine element. */
    @Override
    protected void onRelease() {
        synchronized (pipeline.connectionLock()) {
            for (ElementConnection c : new ArrayList<>(outgoing)) {
                drop(c);
            }
            for (ElementConnection c : new ArrayList<>(incoming.values())) {
                c.source().drop(c);
            }
        }
        ElementMedia media = media();
        if (media != null) {
            media.close();
        }
    }

    private boolean isFlowing(boolean in, MediaType type) {
        if (type == MediaType.DATA) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR,
                    "Media flow state is not available for DATA; use AUDIO or VIDEO");
        }
        return type == MediaType.AUDIO && (in ? flowingIn : flowingOut);
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.addAll(List.of("ElementConnected", "ElementDisconnected", "MediaFlowOutStateChanged",
                "MediaFlowInStateChanged", "MediaTranscodingStateChanged"));
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.intProperty("encoderBitrate", () -> encoderBitrate, v -> encoderBitrate = v);
        ops.intProperty("minEncoderBitrate", () -> minEncoderBitrate, v -> minEncoderBitrate = v);
        ops.intProperty("maxEncoderBitrate", () -> maxEncoderBitrate, v -> maxEncoderBitrate = v);
        ops.onVoid("connect", call -> connect(call.object("sink", MediaElement.class),
                call.params().optionalEnum("mediaType", MediaType.class, null),
                call.params().optionalString("sourceMediaDescription", DEFAULT_DESCRIPTION),
                call.params().optionalString("sinkMediaDescription", DEFAULT_DESCRIPTION)));
        ops.onVoid("disconnect", call -> disconnect(call.object("sink", MediaElement.class),
                call.params().optionalEnum("mediaType", MediaType.class, null),
                call.params().optionalString("sourceMediaDescription", DEFAULT_DESCRIPTION),
                call.params().optionalString("sinkMediaDescription", DEFAULT_DESCRIPTION)));
        ops.on("getSourceConnections", call -> toJson(sourceConnections(
                call.params().optionalEnum("mediaType", MediaType.class, null),
                call.params().optionalString("description", null))));
        ops.on("getSinkConnections", call -> toJson(sinkConnections(
                call.params().optionalEnum("mediaType", MediaType.class, null),
                call.params().optionalString("description", null))));
        ops.on("isMediaFlowingIn", call -> new JsonPrimitive(isFlowing(true,
                call.params().requiredEnum("mediaType", MediaType.class))));
        ops.on("isMediaFlowingOut", call -> new JsonPrimitive(isFlowing(false,
                call.params().requiredEnum("mediaType", MediaType.class))));
        // Opus received passes through to sinks that send Opus; decoding for any other sink is transcoding.
        ops.on("isMediaTranscoding", call -> new JsonPrimitive(
                call.params().requiredEnum("mediaType", MediaType.class) == MediaType.AUDIO && media().transcodes()));
        ops.on("getStats", call -> stats(call.params().optionalEnum("mediaType", MediaType.class, null),
                System.currentTimeMillis()));
        ops.on("getGstreamerDot", call -> new JsonPrimitive("digraph \"" + id() + "\" {}\n"));
        ops.onVoid("setAudioFormat", call -> call.params().requiredComplex("caps", "AudioCaps"));
        ops.onVoid("setVideoFormat", call -> call.params().requiredComplex("caps", "VideoCaps"));
    }

    /**
     * Kurento's getStats report, a map from stats id to stats object. A plain element has only its
     * latency entry, and only while the pipeline's latencyStats is on (kmselement.c).
     *
     * @param type AUDIO, VIDEO or DATA as asked, or null for every media type
     */
    protected JsonObject stats(MediaType type, long timestampMillis) {
        JsonObject report = new JsonObject();
        if (pipeline.latencyStats()) {
            report.add(id(), StatsReport.element(id(), timestampMillis));
        }
        return report;
    }

    private static JsonArray toJson(List<ElementConnection> connections) {
        JsonArray array = new JsonArray();
        connections.forEach(c -> array.add(c.toJson()));
        return array;
    }

    private void flowChanged(boolean in, boolean flowing) {
        synchronized (flowLock) {
            flowTransition(in, flowing);
        }
    }

    private void flowTransition(boolean in, boolean flowing) {
        boolean before = in ? flowingIn : flowingOut;
        if (before == flowing) {
            return;
        }
        if (in) {
            flowingIn = flowing;
        } else {
            flowingOut = flowing;
        }
        JsonObject fields = new JsonObject();
        fields.addProperty("state", flowing ? "FLOWING" : "NOT_FLOWING");
        fields.addProperty("padName", DEFAULT_DESCRIPTION);
        fields.addProperty("mediaType", MediaType.AUDIO.name());
        emit(in ? "MediaFlowInStateChanged" : "MediaFlowOutStateChanged", fields);
    }

    // Engine reports that only some element kinds produce; the defaults ignore them.

    protected void mediaStateChanged(boolean connected) {
    }

    protected void connectionStateChanged(boolean connected) {
    }

    /**
     * Turns engine reports into Kurento events on this element; may run on any GStreamer thread.
     * Elements whose engine reports more (WebRtcEndpoint's ICE) extend it.
     */
    protected class EngineEvents implements MediaEventSink {
        protected EngineEvents() {
        }

        @Override
        public void mediaFlowIn(boolean flowing) {
            flowChanged(true, flowing);
        }

        @Override
        public void mediaFlowOut(boolean flowing) {
            flowChanged(false, flowing);
        }

        @Override
        public void mediaStateChanged(boolean connected) {
            MediaElement.this.mediaStateChanged(connected);
        }

        @Override
        public void connectionStateChanged(boolean connected) {
            MediaElement.this.connectionStateChanged(connected);
        }

        @Override
        public void error(String type, int errorCode, String description) {
            emitError(type, errorCode, description);
        }
    }
}
