package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Clock;
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
 * words. So timestamps follow the sample count from a resync point, and the timeline jumps to the
 * arrival time only when the audio is later than {@code maxLatenessNanos} (the source paused, or a
 * mixer's deadline would be missed) or runs far ahead of the clock.
 */
final class AudioInlet {
    /**
     * A source this far ahead of the clock is drifting or delivered a huge burst: resync. Smaller
     * bursts are kept whole: on a loaded machine (load 28 on 2 cores) an 80 ms bound clipped a fifth
     * of the speech in a mix, while this bound costs at most this much extra delay after a burst.
     */
    private static final long MAX_AHEAD_NANOS = 200_000_000L;
    /** 200 ms of raw audio: enough to ride out a scheduling hiccup, small enough to stay live. */
    private static final long MAX_QUEUED_BYTES = RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 5;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final Element pipeline;
    private final FlowMonitor flow;
    private final long maxLatenessNanos;
    private Clock clock;
    private long nextNanos = -1;
    private boolean closed;
    private boolean open;

    /**
     * @param pipeline         whose clock and base time give "now" on the timeline
     * @param flow             told of every chunk pushed, linked downstream or not
     * @param maxLatenessNanos how far behind "now" the continuous timeline may fall before it resyncs
     */
    AudioInlet(String name, Element pipeline, FlowMonitor flow, long maxLatenessNanos) {
        this.pipeline = pipeline;
        this.flow = flow;
        this.maxLatenessNanos = maxLatenessNanos;
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
        long now = runningTime();
        if (now < 0) {
            return;
        }
        if (nextNanos < 0 || nextNanos < now - maxLatenessNanos || nextNanos > now + MAX_AHEAD_NANOS) {
            nextNanos = now;
        }
        long duration = (long) pcm.length / RawAudio.BYTES_PER_FRAME * 1_000_000_000L / RawAudio.RATE;
        Buffer buffer = new Buffer(pcm.length);
        ByteBuffer data = buffer.map(true);
        data.put(pcm);
        buffer.unmap();
        buffer.setPresentationTimestamp(nextNanos);
        buffer.setDuration(duration);
        nextNanos += duration;
        appSrc.pushBuffer(buffer);
    }

    private long runningTime() {
        if (clock == null) {
            clock = pipeline.getClock();
            if (clock == null) {
                return -1; // not playing yet
            }
        }
        return clock.getTime() - pipeline.getBaseTime();
    }

    synchronized void close() {
        closed = true;
    }
}
