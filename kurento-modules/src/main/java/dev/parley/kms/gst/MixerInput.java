package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.elements.AppSrc;

import java.nio.ByteBuffer;

/**
 * One input of a live audiomixer: raw audio pushed from Java with continuous timestamps.
 *
 * <p>Stamping each chunk with its arrival time (appsrc do-timestamp) makes a mixer drop audio:
 * chunks that arrive in a burst overlap in time and the mixer clips the overlap, and a late chunk
 * is discarded. So timestamps follow the sample count from a resync point, and only when a chunk
 * would be late for the mixer (or the source ran far ahead of the clock) does the timeline jump
 * to the arrival time, which inserts a short silence instead of losing speech.
 */
final class MixerInput {
    /** A chunk stamped earlier than this before "now" could miss the mixer's deadline. */
    private final long maxLatenessNanos;
    /**
     * A source this far ahead of the clock is drifting or delivered a huge burst; resync (the
     * mixer clips the overlap). Smaller bursts are kept whole: on a loaded machine (load 28 on 2
     * cores) an 80 ms bound clipped a fifth of the speech, while this bound costs at most this
     * much extra delay after a burst. The hub feeds recordings, where completeness matters more.
     */
    private static final long MAX_AHEAD_NANOS = 200_000_000L;
    private static final long MAX_QUEUED_BYTES = RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 5;
    private static final int LEAK_OLDEST = 2;

    private final AppSrc appSrc;
    private final Element pipeline;
    private Clock clock;
    private long nextNanos = -1;
    private boolean open;
    private boolean closed;

    MixerInput(String name, Element pipeline, long maxLatenessNanos) {
        this.pipeline = pipeline;
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

    synchronized void open() {
        open = true;
    }

    /** Pushes one chunk of raw audio (RawAudio format), stamped on the continuous timeline. */
    synchronized void push(byte[] pcm) {
        if (closed || !open) {
            return;
        }
        long now = runningTime();
        if (now < 0) {
            return; // not playing yet
        }
        if (nextNanos < 0 || nextNanos < now - maxLatenessNanos || nextNanos > now + MAX_AHEAD_NANOS) {
            nextNanos = now;
        }
        long frames = pcm.length / RawAudio.BYTES_PER_FRAME;
        long duration = frames * 1_000_000_000L / RawAudio.RATE;
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
                return -1;
            }
        }
        return clock.getTime() - pipeline.getBaseTime();
    }

    synchronized void close() {
        closed = true;
    }
}
