package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An element's Opus output: an appsink on the depayloaded packets it receives, handed as they are
 * to the {@link OpusInlet} of every linked element that sends Opus. It also tells the element's
 * output flow monitor, so MediaFlowOut holds while no element needs the decoded audio.
 */
final class OpusOutlet {
    private final AppSink appSink;
    private final FlowMonitor flow;
    private final List<OpusInlet> sinks = new CopyOnWriteArrayList<>();
    private final AppSink.NEW_SAMPLE onSample = this::deliver;

    OpusOutlet(String name, FlowMonitor flow) {
        this.flow = flow;
        appSink = new AppSink(name);
        appSink.setCaps(new Caps("audio/x-opus"));
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

    void link(OpusInlet sink) {
        if (!sinks.contains(sink)) {
            sinks.add(sink);
        }
    }

    void unlink(OpusInlet sink) {
        sinks.remove(sink);
    }

    void close() {
        appSink.disconnect(onSample);
        sinks.clear();
    }

    private FlowReturn deliver(AppSink sink) {
        Sample sample = sink.pullSample();
        if (sample == null) {
            return FlowReturn.EOS;
        }
        byte[] packet;
        try {
            Buffer buffer = sample.getBuffer();
            ByteBuffer data = buffer.map(false);
            packet = new byte[data.remaining()];
            data.get(packet);
            buffer.unmap();
        } finally {
            sample.dispose();
        }
        flow.onBuffer();
        for (OpusInlet inlet : sinks) {
            inlet.push(packet);
        }
        return FlowReturn.OK;
    }
}
