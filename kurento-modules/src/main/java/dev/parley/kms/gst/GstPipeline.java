package dev.parley.kms.gst;

import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.HubMedia;
import dev.parley.kms.media.IceEventSink;
import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.PlayerListener;
import dev.parley.kms.media.PlayerMedia;
import dev.parley.kms.media.RecorderListener;
import dev.parley.kms.media.RecorderMedia;
import dev.parley.kms.media.RecordingFile;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The media of one MediaPipeline: the elements created in it, released together. */
final class GstPipeline implements PipelineMedia {
    private final String id;
    private final GstMediaEngine engine;
    private final Set<GstElementMedia> elements = ConcurrentHashMap.newKeySet();
    private final Consumer<GstElementMedia> forget = elements::remove;
    private volatile boolean closed;

    GstPipeline(String id, GstMediaEngine engine) {
        this.id = id;
        this.engine = engine;
    }

    @Override
    public WebRtcMedia createWebRtcEndpoint(String elementId, WebRtcOptions options, IceEventSink events) {
        return register(() -> new GstWebRtcEndpoint(elementId, options, engine.iceDefaults(),
                engine.gst(), events, engine.flowClock(), forget, engine.config()));
    }

    @Override
    public RtpMedia createRtpEndpoint(String elementId, RtpOptions options, MediaEventSink events) {
        return register(() -> new GstRtpEndpoint(elementId, options, engine.gst(), events,
                engine.flowClock(), forget, engine.config(), engine.ports()));
    }

    @Override
    public ElementMedia createPassThrough(String elementId, MediaEventSink events) {
        return register(() -> new GstPassThrough(elementId, engine.gst(), events, engine.flowClock(), forget));
    }

    @Override
    public RecorderMedia createRecorder(String elementId, RecordingFile file, RecorderListener listener,
                                        MediaEventSink events) {
        return register(() -> new GstRecorder(elementId, file, listener, engine.gst(), events, engine.flowClock(), forget));
    }

    @Override
    public PlayerMedia createPlayer(String elementId, String uri, PlayerListener listener, MediaEventSink events) {
        return register(() -> new GstPlayer(elementId, uri, listener, engine.gst(), events, engine.flowClock(), forget));
    }

    @Override
    public HubMedia createComposite(String hubId) {
        if (closed) {
            throw new IllegalStateException("pipeline " + id + " is released");
        }
        return new GstComposite(hubId, engine.gst());
    }

    @Override
    public ElementMedia createHubPort(String portId, HubMedia hub, MediaEventSink events) {
        if (!(hub instanceof GstComposite composite)) {
            throw new IllegalArgumentException("hub " + hub + " does not belong to the GStreamer engine");
        }
        return register(() -> new GstHubPort(portId, composite, engine.gst(), events, engine.flowClock(), forget));
    }

    private <T extends GstElementMedia> T register(Supplier<T> create) {
        if (closed) {
            throw new IllegalStateException("pipeline " + id + " is released");
        }
        T element = engine.gst().call(create::get);
        elements.add(element);
        return element;
    }

    int elementCount() {
        return elements.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (GstElementMedia element : List.copyOf(elements)) {
            try {
                element.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        engine.forget(this);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "GstPipeline[" + id + "]";
    }
}
