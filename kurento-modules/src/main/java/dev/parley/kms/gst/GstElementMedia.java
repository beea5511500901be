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
    /** The timeline both inputs stamp on. */
    protected final InputTimeline inputTimeline;
    /**
     * Guards how audio is routed between elements: raw, or Opus passed through when the source
     * receives Opus and the sink sends it. One lock for the engine: routes change only when
     * elements are linked, unlinked or negotiated, never per buffer.
     */
    private static final Object ROUTES = new Object();
    private final Set<GstElementMedia> sinks = ConcurrentHashMap.newKeySet();
    private AudioOutlet opusOut;
    private AudioChains.Decoding decoding;
    private AudioInlet opusIn;

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
        inputTimeline = new InputTimeline(pipeline, INPUT_MAX_LATENESS_NANOS);
        inlet = new AudioInlet("in", flowIn, inputTimeline);
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
        synchronized (ROUTES) {
            target.sources.add(this);
            sinks.add(target);
            route(target);
            decodeIfNeeded();
        }
    }

    @Override
    public void unlinkAudio(ElementMedia sink) {
        GstElementMedia target = sameEngine(sink);
        synchronized (ROUTES) {
            outlet.unlink(target.inlet);
            if (opusOut != null && target.opusIn != null) {
                opusOut.unlink(target.opusIn);
            }
            target.sources.remove(this);
            sinks.remove(target);
            decodeIfNeeded();
        }
    }

    /**
     * Builds the input side of an Opus sender: call before building the encoder, whose payloader
     * then also takes packets passed through from sources that receive Opus.
     */
    protected final AudioInlet opusInput() {
        synchronized (ROUTES) {
            if (opusIn == null) {
                opusIn = AudioInlet.opus("in-opus", flowIn, inputTimeline);
            }
            return opusIn;
        }
    }

    /** The encoder is built and playing: sources that receive Opus now pass it through. */
    protected final void sendsOpus() {
        synchronized (ROUTES) {
            if (opusIn == null) {
                return;
            }
            opusIn.open();
            for (GstElementMedia source : sources) {
                source.route(this);
                source.decodeIfNeeded();
            }
        }
    }

    /** An Opus output for the decoder about to be built, which hands it the depayloaded packets. */
    protected final AudioOutlet opusOutput() {
        synchronized (ROUTES) {
            if (opusOut == null) {
                opusOut = AudioOutlet.opus("out-opus", flowOut);
            }
            return opusOut;
        }
    }

    /** The decoder is built: sinks that send Opus now get the packets as they are. */
    protected final void receives(AudioChains.Decoding built) {
        synchronized (ROUTES) {
            decoding = built;
            for (GstElementMedia sink : sinks) {
                route(sink);
            }
            decodeIfNeeded();
        }
    }

    /** Feeds {@code sink} Opus as received when both ends carry Opus, else raw audio. Holds ROUTES. */
    private void route(GstElementMedia sink) {
        boolean passThrough = decoding != null && opusOut != null && sink.opusIn != null;
        if (passThrough) {
            opusOut.link(sink.opusIn);
            outlet.unlink(sink.inlet);
        } else {
            outlet.link(sink.inlet);
            if (opusOut != null && sink.opusIn != null) {
                opusOut.unlink(sink.opusIn);
            }
        }
    }

    /** Decodes while a sink or a tap takes raw audio. Holds ROUTES. */
    private void decodeIfNeeded() {
        if (decoding != null) {
            decoding.decode(outlet.hasConsumers());
        }
    }

    @Override
    public boolean transcodes() {
        synchronized (ROUTES) {
            return decoding != null && decoding.decoderValve() != null && outlet.hasConsumers();
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (ROUTES) {
            for (GstElementMedia source : sources) {
                source.outlet.unlink(inlet);
                if (source.opusOut != null && opusIn != null) {
                    source.opusOut.unlink(opusIn);
                }
                source.sinks.remove(this);
                source.decodeIfNeeded();
            }
            sources.clear();
            for (GstElementMedia sink : sinks) {
                sink.sources.remove(this);
            }
            sinks.clear();
        }
        inlet.close();
        outlet.close();
        if (opusIn != null) {
            opusIn.close();
        }
        if (opusOut != null) {
            opusOut.close();
        }
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
        synchronized (ROUTES) {
            outlet.addTap(tap);
            decodeIfNeeded();
        }
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
