package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.elements.AppSrc;

import java.nio.ByteBuffer;

/**
 * An audio input of a pipeline: an appsrc that raw audio from other elements is pushed into, from
 * Java, with continuous timestamps. Pushes never block; when the pipeline cannot keep up, the
 * oldest queued audio is dropped.
 *
 * <p>Why not stamp each chunk with its arrival time (appsrc do-timestamp): chunks reach Java in
 * bursts and with scheduling jitter, so arrival stamps overlap and leave gaps. A mixer clips the
 * overlaps and drops late chunks; an encoder carries the jitter into RTP timestamps, and a browser's
 * jitter buffer then conceals the "missing" audio: two thirds of an agent's answer came out as
 * concealment in Chromium (getStats concealedSamples), smeared enough that a recogniser lost most
 * words. So timestamps follow the sample count on the element's {@link InputTimeline}.
 */
final class AudioInlet {
    /** 200 ms of raw audio: enough to ride out a scheduling hiccup, small enough to stay live. */
    private static final long MAX_QUEUED_BYTES = RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 5;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final FlowMonitor flow;
    private final InputTimeline timeline;
    private boolean closed;
    private boolean open;

    /** An input on a timeline of its own over {@code pipeline}'s clock. */
    AudioInlet(String name, Element pipeline, FlowMonitor flow, long maxLatenessNanos) {
        this(name, flow, new InputTimeline(pipeline, maxLatenessNanos));
    }

    /**
     * @param flow     told of every chunk pushed, linked downstream or not
     * @param timeline the element's input timeline, which its Opus input (if any) shares
     */
    AudioInlet(String name, FlowMonitor flow, InputTimeline timeline) {
        this.flow = flow;
        this.timeline = timeline;
        appSrc = new AppSrc(name);
        appSrc.setCaps(new Caps(RawAudio.CAPS));
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

    /** Lets pushed audio through: the element calls it once the appsrc is linked downstream. */
    synchronized void open() {
        open = true;
    }

    /**
     * Pushes one chunk of raw audio (RawAudio format), stamped on the continuous timeline. Audio
     * reaching an element that is not yet negotiated or playing counts as arriving but is dropped:
     * an unlinked appsrc would fail the pipeline.
     */
    synchronized void push(byte[] pcm) {
        if (closed) {
            return;
        }
        flow.onBuffer();
        if (!open) {
            return;
        }
        long duration = (long) pcm.length / RawAudio.BYTES_PER_FRAME * 1_000_000_000L / RawAudio.RATE;
        long stamp = timeline.stamp(duration);
        if (stamp < 0) {
            return;
        }
        Buffer buffer = new Buffer(pcm.length);
        ByteBuffer data = buffer.map(true);
        data.put(pcm);
        buffer.unmap();
        buffer.setPresentationTimestamp(stamp);
        buffer.setDuration(duration);
        appSrc.pushBuffer(buffer);
    }

    synchronized void close() {
        closed = true;
    }
}
