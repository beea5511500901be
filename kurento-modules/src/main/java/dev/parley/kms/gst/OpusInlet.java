package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.elements.AppSrc;

import java.nio.ByteBuffer;

/**
 * An element's Opus input: an appsrc in front of its payloader that takes the packets of a source
 * that receives Opus too, so the audio passes through without being decoded and coded again (what
 * KMS's agnosticbin does between elements whose codecs match). Stamped on the element's
 * {@link InputTimeline}, the one its raw input uses, by the audio each packet carries.
 */
final class OpusInlet {
    /**
     * What the element's Opus encoder puts out, so the payloader's caps (and so the RTP caps a
     * webrtcbin was negotiated with) are the same whichever input the audio comes from. Mono, as
     * the encoder codes: the channel count of each packet is in its TOC byte anyway.
     */
    static final String CAPS = "audio/x-opus,rate=48000,channels=1,channel-mapping-family=0";
    /** About 200 ms of Opus at browser bitrates; older packets go first when the pipeline lags. */
    private static final long MAX_QUEUED_BYTES = 8 * 1024;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final FlowMonitor flow;
    private final InputTimeline timeline;
    private boolean open;
    private boolean closed;

    OpusInlet(String name, FlowMonitor flow, InputTimeline timeline) {
        this.flow = flow;
        this.timeline = timeline;
        appSrc = new AppSrc(name);
        appSrc.setCaps(new Caps(CAPS));
        appSrc.set("is-live", true);
        appSrc.set("format", Format.TIME);
        appSrc.set("do-timestamp", false);
        appSrc.set("block", false);
        appSrc.setMaxBytes(MAX_QUEUED_BYTES);
        appSrc.set("leaky-type", LEAK_OLDEST);
    }

    AppSrc element() {
        return appSrc;
    }

    /** Lets packets through once the appsrc is linked and the element plays. */
    synchronized void open() {
        open = true;
    }

    /** Pushes one Opus packet; dropped (but counted as arriving) before the element is open. */
    synchronized void push(byte[] packet) {
        if (closed) {
            return;
        }
        flow.onBuffer();
        if (!open || packet.length == 0) {
            return;
        }
        long duration = OpusPackets.durationNanos(packet);
        long stamp = timeline.stamp(duration);
        if (stamp < 0) {
            return;
        }
        Buffer buffer = new Buffer(packet.length);
        ByteBuffer data = buffer.map(true);
        data.put(packet);
        buffer.unmap();
        buffer.setPresentationTimestamp(stamp);
        buffer.setDuration(duration);
        appSrc.pushBuffer(buffer);
    }

    synchronized void close() {
        closed = true;
    }
}
