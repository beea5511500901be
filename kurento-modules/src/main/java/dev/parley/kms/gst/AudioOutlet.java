package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An element's audio output: an appsink whose raw audio is handed to every linked element's
 * {@link AudioInlet} (and to taps, which tests use). Fan-out in Java instead of tee/queue pad
 * surgery keeps link and unlink instant and safe while media flows. An element that receives Opus
 * has a second one, {@link #opus}, on the depayloaded packets, for sinks that send Opus.
 */
final class AudioOutlet {
    private final AppSink appSink;
    private final FlowMonitor flow;
    private final List<AudioInlet> sinks = new CopyOnWriteArrayList<>();
    private final List<Consumer<byte[]>> taps = new CopyOnWriteArrayList<>();
    private final AppSink.NEW_SAMPLE onSample = this::deliver;

    AudioOutlet(String name, FlowMonitor flow) {
        this(name, RawAudio.CAPS, flow);
    }

    /**
     * The Opus packets an element receives, as they are; it tells the element's output flow monitor
     * too, so MediaFlowOut holds while no sink needs the decoded audio.
     */
    static AudioOutlet opus(String name, FlowMonitor flow) {
        return new AudioOutlet(name, "audio/x-opus", flow);
    }

    private AudioOutlet(String name, String caps, FlowMonitor flow) {
        this.flow = flow;
        appSink = new AppSink(name);
        appSink.setCaps(new Caps(caps));
        appSink.set("sync", false);
        appSink.set("async", false);
        appSink.set("emit-signals", true);
        appSink.set("max-buffers", 10);
        appSink.set("drop", true);
        appSink.connect(onSample);
    }

    AppSink element() {
        return appSink;
    }

    void link(AudioInlet sink) {
        if (!sinks.contains(sink)) {
            sinks.add(sink);
        }
    }

    void unlink(AudioInlet sink) {
        sinks.remove(sink);
    }

    void addTap(Consumer<byte[]> tap) {
        taps.add(tap);
    }

    void removeTap(Consumer<byte[]> tap) {
        taps.remove(tap);
    }

    /** Whether any element or tap takes this output's audio. */
    boolean hasConsumers() {
        return !sinks.isEmpty() || !taps.isEmpty();
    }

    void close() {
        appSink.disconnect(onSample);
        sinks.clear();
        taps.clear();
    }

    private FlowReturn deliver(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        byte[] pcm;
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer data = buffer.map(false);
            pcm = new byte[data.remaining()];
            data.get(pcm);
            buffer.unmap();
        } finally {
            sample.dispose();
        }
        flow.onBuffer();
        for (AudioInlet inlet : sinks) {
            inlet.push(pcm);
        }
        for (Consumer<byte[]> tap : taps) {
            tap.accept(pcm);
        }
        return FlowReturn.OK;
    }
}
