package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;

/**
 * The continuous timeline an element's input is stamped on: timestamps follow the audio carried
 * from a resync point, and jump to the arrival time only when the audio is later than
 * {@code maxLatenessNanos} (the source paused) or runs far ahead of the clock (see
 * {@link AudioInlet} for why arrival stamps do not do). An element's raw and Opus inputs share
 * one, so a sink whose source changes from one kind to the other never sends RTP time backwards.
 */
final class InputTimeline {
    /**
     * A source this far ahead of the clock is drifting or delivered a huge burst: resync. Smaller
     * bursts are kept whole: on a loaded machine (load 28 on 2 cores) an 80 ms bound clipped a fifth
     * of the speech in a mix, while this bound costs at most this much extra delay after a burst.
     */
    private static final long MAX_AHEAD_NANOS = 200_000_000L;

    private final Element pipeline;
    private final long maxLatenessNanos;
    private Clock clock;
    private long nextNanos = -1;

    /**
     * @param pipeline         whose clock and base time give "now" on the timeline
     * @param maxLatenessNanos how far behind "now" the timeline may fall before it resyncs
     */
    InputTimeline(Element pipeline, long maxLatenessNanos) {
        this.pipeline = pipeline;
        this.maxLatenessNanos = maxLatenessNanos;
    }

    /** The timestamp of the next {@code durationNanos} of input, or -1 while the pipeline is not playing. */
    synchronized long stamp(long durationNanos) {
        long now = runningTime();
        if (now < 0) {
            return -1;
        }
        if (nextNanos < 0 || nextNanos < now - maxLatenessNanos || nextNanos > now + MAX_AHEAD_NANOS) {
            nextNanos = now;
        }
        long stamp = nextNanos;
        nextNanos += durationNanos;
        return stamp;
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
}
