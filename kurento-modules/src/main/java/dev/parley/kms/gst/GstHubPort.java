package dev.parley.kms.gst;

import dev.parley.kms.media.MediaEventSink;

import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HubPort: its input joins the Composite's mix, its output is the mix of every OTHER port.
 *
 * <pre>
 *   in (raw) ─▶ feed (appsink) ──Java──▶ the other ports' mixer inputs
 *   one appsrc per other port ─▶ audiomixer ─▶ 48 kHz stereo ─▶ out (raw)
 * </pre>
 *
 * One audiomixer per port, fed by the others, rather than one shared sum with each port's own
 * signal subtracted: subtraction needs the port's input sample-aligned with the sum and breaks
 * wherever the sum clipped, so echo would leak back; N-1 inputs per mixer cost N² additions,
 * which is nothing for conversation-sized hubs. The mixer is live: it waits {@link #MIX_LATENCY_NANOS}
 * for late inputs, then mixes what it has, so a silent or absent participant never stalls the others.
 */
final class GstHubPort extends GstElementMedia {
    /** How long the mixer waits for a late input before mixing without it. */
    static final long MIX_LATENCY_NANOS = 40_000_000L;
    /** GstAggregatorStartTimeSelection "first": start the output at the first input's time, not at zero. */
    private static final int START_AT_FIRST_BUFFER = 1;

    private final GstComposite hub;
    private final AudioOutlet feed;
    private final Element mixer;
    /** Mixer inputs by the port they carry; GStreamer thread only. */
    private final Map<GstHubPort, MixInput> inputs = new HashMap<>();
    private int inputNumber;

    private record MixInput(AudioInlet source, Pad mixerPad, Consumer<byte[]> tap) {
    }

    GstHubPort(String id, GstComposite hub, GstThread gst, MediaEventSink events, FlowClock flowClock,
               Consumer<GstElementMedia> onClosed) {
        super(id, gst, events, flowClock, onClosed);
        this.hub = hub;
        feed = new AudioOutlet("feed", new FlowMonitor(flowing -> { }));
        mixer = ElementFactory.make("audiomixer", "mix");
        mixer.set("latency", MIX_LATENCY_NANOS);
        mixer.set("start-time-selection", START_AT_FIRST_BUFFER);
        mixer.set("ignore-inactive-pads", true);
        Element format = ElementFactory.make("capsfilter", "mix-format");
        format.set("caps", new Caps(RawAudio.CAPS));
        pipeline.addMany(feed.element(), mixer, format);
        if (!inlet.element().link(feed.element()) || !Element.linkMany(mixer, format, outlet.element())) {
            throw new IllegalStateException("cannot link HubPort " + id);
        }
        inlet.open();
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new IllegalStateException("HubPort " + id + " does not start");
        }
        hub.join(this);
    }

    /** Adds {@code other}'s input to this port's mix. GStreamer thread. */
    void hear(GstHubPort other) {
        if (inputs.containsKey(other)) {
            return;
        }
        // A chunk later than half the mixer's latency could miss its mix: resync instead of losing it.
        AudioInlet source = new AudioInlet("from-" + (inputNumber++), pipeline, new FlowMonitor(flowing -> { }), MIX_LATENCY_NANOS / 2);
        pipeline.add(source.element());
        Pad mixerPad = mixer.getRequestPad("sink_%u");
        source.element().getStaticPad("src").link(mixerPad);
        source.element().syncStateWithParent();
        source.open();
        Consumer<byte[]> tap = source::push;
        inputs.put(other, new MixInput(source, mixerPad, tap));
        other.feed.addTap(tap);
    }

    /** Takes {@code other}'s input out of this port's mix. GStreamer thread. */
    void stopHearing(GstHubPort other) {
        MixInput input = inputs.remove(other);
        if (input == null) {
            return;
        }
        other.feed.removeTap(input.tap());
        input.source().close();
        input.source().element().setState(State.NULL);
        input.source().element().getStaticPad("src").unlink(input.mixerPad());
        mixer.releaseRequestPad(input.mixerPad());
        pipeline.remove(input.source().element());
        input.source().element().dispose();
    }

    @Override
    protected void releaseMedia() {
        feed.close();
        hub.leave(this);
        inputs.forEach((other, input) -> {
            other.feed.removeTap(input.tap());
            input.source().close();
        });
        inputs.clear();
    }
}
