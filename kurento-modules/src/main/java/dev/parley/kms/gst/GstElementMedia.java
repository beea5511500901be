package dev.parley.kms.gst;

import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.MediaEventSink;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Base of every element: its own GStreamer pipeline, bounded by a raw-audio {@link AudioInlet}
 * and {@link AudioOutlet}.
 *
 * <pre>
 *   linked sources ──push──▶ [appsrc "in"] ─▶ … element's media … ─▶ [appsink "out"] ──▶ linked sinks
 * </pre>
 *
 * One GStreamer pipeline per element (not one per MediaPipeline) isolates failures and state
 * changes: one endpoint's error or teardown never stalls another's streaming.
 */
abstract class GstElementMedia implements ElementMedia {
    private static final Logger LOG = System.getLogger(GstElementMedia.class.getName());

    protected final String id;
    protected final GstThread gst;
    protected final MediaEventSink events;
    protected final Pipeline pipeline;
    /**
     * Input audio later than this on its continuous timeline is a new stretch after a pause, not
     * jitter: beyond it the timeline resyncs to the clock (a gap in the encoded stream) rather than
     * carry the delay on. Loaded machines delay Java pushes by tens of milliseconds.
     */
    static final long INPUT_MAX_LATENESS_NANOS = 100_000_000L;
    protected final AudioInlet inlet;
    protected final AudioOutlet outlet;

    private final FlowMonitor flowIn;
    private final FlowMonitor flowOut;
    private final FlowClock flowClock;
    private final Consumer<GstElementMedia> onClosed;
    private final Set<GstElementMedia> sources = ConcurrentHashMap.newKeySet();
    private final Bus.ERROR onError = this::onPipelineError;
    private volatile boolean closed;

    /** Must be called on the GStreamer thread. */
    protected GstElementMedia(String id, GstThread gst, MediaEventSink events, FlowClock flowClock,
                              Consumer<GstElementMedia> onClosed) {
        this.id = Objects.requireNonNull(id, "element id");
        this.gst = gst;
        this.events = Objects.requireNonNull(events, "event sink");
        this.flowClock = flowClock;
        this.onClosed = onClosed;
        flowIn = new FlowMonitor(events::mediaFlowIn);
        flowOut = new FlowMonitor(flowing -> {
            events.mediaFlowOut(flowing);
            onFlowOut(flowing);
        });
        pipeline = new Pipeline(id);
        inlet = new AudioInlet("in", pipeline, flowIn, INPUT_MAX_LATENESS_NANOS);
        outlet = new AudioOutlet("out", flowOut);
        pipeline.addMany(inlet.element(), outlet.element());
        pipeline.getBus().connect(onError);
        flowClock.watch(flowIn);
        flowClock.watch(flowOut);
    }

    @Override
    public void linkAudio(ElementMedia sink) {
        GstElementMedia target = sameEngine(sink);
        if (closed || target.closed) {
            throw new IllegalStateException("cannot link released element " + (closed ? id : target.id));
        }
        target.sources.add(this);
        outlet.link(target.inlet);
    }

    @Override
    public void unlinkAudio(ElementMedia sink) {
        GstElementMedia target = sameEngine(sink);
        outlet.unlink(target.inlet);
        target.sources.remove(this);
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GstElementMedia source : sources) {
            source.outlet.unlink(inlet);
        }
        sources.clear();
        inlet.close();
        outlet.close();
        flowClock.forget(flowIn);
        flowClock.forget(flowOut);
        try {
            gst.run(() -> {
                pipeline.getBus().disconnect(onError);
                pipeline.setState(State.NULL);
                releaseMedia();
                // Each Java proxy holds a native reference: drop them now rather than at GC, so
                // sockets and ICE agents are freed when the element is released.
                for (org.freedesktop.gstreamer.Element element : pipeline.getElements()) {
                    element.dispose();
                }
                pipeline.dispose();
            });
        } finally {
            onClosed.accept(this);
        }
    }

    /** Called after each MediaFlowOut transition, for endpoints whose media state follows it. */
    protected void onFlowOut(boolean flowing) {
    }

    /** Releases what the subclass holds besides the pipeline (sockets, ports, native handles). Runs on the GStreamer thread. */
    protected void releaseMedia() {
    }

    protected boolean isClosed() {
        return closed;
    }

    String id() {
        return id;
    }

    boolean isFlowingIn() {
        return flowIn.isFlowing();
    }

    boolean isFlowingOut() {
        return flowOut.isFlowing();
    }

    /** Test hook: raw audio as it leaves this element's output. */
    void addOutputTap(Consumer<byte[]> tap) {
        outlet.addTap(tap);
    }

    /** Test hook: pushes raw audio (RawAudio format) into this element's input. */
    void pushInput(byte[] pcm) {
        inlet.push(pcm);
    }

    private void onPipelineError(org.freedesktop.gstreamer.GstObject source, int code, String message) {
        LOG.log(Level.WARNING, "element {0}: GStreamer error from {1}: {2}",
                new Object[] {id, source == null ? "?" : source.getName(), message});
        events.error("MEDIA_ERROR", 40003, "GStreamer error in " + (source == null ? id : source.getName()) + ": " + message);
    }

    private static GstElementMedia sameEngine(ElementMedia other) {
        if (other instanceof GstElementMedia element) {
            return element;
        }
        throw new IllegalArgumentException("element " + other + " does not belong to the GStreamer engine");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
