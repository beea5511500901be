package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.elements.AppSrc;

import java.nio.ByteBuffer;
import java.util.function.ToLongFunction;

/**
 * An audio input of a pipeline: an appsrc that audio from other elements is pushed into, from
 * Java, with continuous timestamps: raw audio ({@link #AudioInlet(String, FlowMonitor, InputTimeline)}),
 * or the Opus packets of a source that receives Opus ({@link #opus}). Pushes never block; when
 * the pipeline cannot keep up, the oldest queued audio is dropped.
 *
 * <p>Why not stamp each chunk with its arrival time (appsrc do-timestamp): chunks reach Java in
 * bursts and with scheduling jitter, so arrival stamps overlap and leave gaps. A mixer clips the
 * overlaps and drops late chunks; an encoder carries the jitter into RTP timestamps, and a browser's
 * jitter buffer then conceals the "missing" audio: two thirds of an agent's answer came out as
 * concealment in Chromium (getStats concealedSamples), smeared enough that a recogniser lost most
 * words. So timestamps follow the audio carried, on the element's {@link InputTimeline}.
 */
final class AudioInlet {
    /** 200 ms of raw audio: enough to ride out a scheduling hiccup, small enough to stay live. */
    private static final long MAX_QUEUED_RAW_BYTES = RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 5;
    /**
     * What an element's Opus encoder puts out, so the payloader's caps (and so the RTP caps a
     * webrtcbin was negotiated with) are the same whichever input the audio comes from. Mono, as
     * the encoder codes: the channel count of each packet is in its TOC byte anyway.
     */
    static final String OPUS_CAPS = "audio/x-opus,rate=48000,channels=1,channel-mapping-family=0";
    /** About 200 ms of Opus at browser bitrates. */
    private static final long MAX_QUEUED_OPUS_BYTES = 8 * 1024;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final FlowMonitor flow;
    private final InputTimeline timeline;
    private final ToLongFunction<byte[]> durationNanos;
    private boolean closed;
    private boolean open;

    /** A raw input on a timeline of its own over {@code pipeline}'s clock. */
    AudioInlet(String name, Element pipeline, FlowMonitor flow, long maxLatenessNanos) {
        this(name, flow, new InputTimeline(pipeline, maxLatenessNanos));
    }

    /**
     * A raw input (RawAudio format).
     *
     * @param flow     told of every chunk pushed, linked downstream or not
     * @param timeline the element's input timeline, which its Opus input (if any) shares
     */
    AudioInlet(String name, FlowMonitor flow, InputTimeline timeline) {
        this(name, RawAudio.CAPS, MAX_QUEUED_RAW_BYTES,
                pcm -> (long) pcm.length / RawAudio.BYTES_PER_FRAME * 1_000_000_000L / RawAudio.RATE, flow, timeline);
    }

    /**
     * An element's Opus input, in front of its payloader: it takes the packets of a source that
     * receives Opus, so the audio passes through without being decoded and coded again (what KMS's
     * agnosticbin does between elements whose codecs match), stamped by the audio each carries.
     */
    static AudioInlet opus(String name, FlowMonitor flow, InputTimeline timeline) {
        return new AudioInlet(name, OPUS_CAPS, MAX_QUEUED_OPUS_BYTES, OpusPackets::durationNanos, flow, timeline);
    }

    private AudioInlet(String name, String caps, long maxQueuedBytes, ToLongFunction<byte[]> durationNanos,
                       FlowMonitor flow, InputTimeline timeline) {
        this.flow = flow;
        this.timeline = timeline;
        this.durationNanos = durationNanos;
        appSrc = new AppSrc(name);
        appSrc.setCaps(new Caps(caps));
        appSrc.set("is-live", true);
        appSrc.set("format", Format.TIME);
        appSrc.set("do-timestamp", false);
        appSrc.set("block", false);
        appSrc.setMaxBytes(maxQueuedBytes);
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
     * Pushes one chunk of audio, stamped on the continuous timeline. Audio reaching an element that
     * is not yet negotiated or playing counts as arriving but is dropped: an unlinked appsrc would
     * fail the pipeline.
     */
    synchronized void push(byte[] audio) {
        if (closed) {
            return;
        }
        flow.onBuffer();
        if (!open || audio.length == 0) {
            return;
        }
        long duration = durationNanos.applyAsLong(audio);
        long stamp = timeline.stamp(duration);
        if (stamp < 0) {
            return;
        }
        Buffer buffer = new Buffer(audio.length);
        ByteBuffer data = buffer.map(true);
        data.put(audio);
        buffer.unmap();
        buffer.setPresentationTimestamp(stamp);
        buffer.setDuration(duration);
        appSrc.pushBuffer(buffer);
    }

    synchronized void close() {
        closed = true;
    }
}
