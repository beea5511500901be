package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.elements.AppSrc;

import java.nio.ByteBuffer;

/**
 * An element's audio input: an appsrc that raw audio from other elements is pushed into. Pushes
 * never block; when the element cannot keep up, the oldest queued audio is dropped.
 */
final class AudioInlet {
    /** 200 ms of raw audio: enough to ride out a scheduling hiccup, small enough to stay live. */
    private static final long MAX_QUEUED_BYTES = RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 5;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final FlowMonitor flow;
    private boolean closed;
    private boolean open;

    AudioInlet(String name, FlowMonitor flow) {
        this.flow = flow;
        appSrc = new AppSrc(name);
        appSrc.setCaps(new Caps(RawAudio.CAPS));
        appSrc.set("is-live", true);
        appSrc.set("format", Format.TIME);
        appSrc.set("do-timestamp", true);
        appSrc.set("block", false);
        appSrc.setMaxBytes(MAX_QUEUED_BYTES);
        appSrc.set("leaky-type", LEAK_OLDEST);
    }

    AppSrc element() {
        return appSrc;
    }

    /** Lets pushed audio through: the element calls it once the appsrc is linked downstream. */
    synchronized void open() {
        open = true;
    }

    /**
     * Pushes one chunk of raw audio (RawAudio format). Audio reaching an element that is not yet
     * negotiated counts as arriving but is dropped: an unlinked appsrc would fail the pipeline.
     */
    synchronized void push(byte[] pcm) {
        if (closed) {
            return;
        }
        flow.onBuffer();
        if (!open) {
            return;
        }
        Buffer buffer = new Buffer(pcm.length);
        ByteBuffer data = buffer.map(true);
        data.put(pcm);
        buffer.unmap();
        appSrc.pushBuffer(buffer);
    }

    synchronized void close() {
        closed = true;
    }
}
