package dev.parley.kms.gst;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 6716 section 3.1: a packet's duration is its configuration's frame size times its frame count. */
class OpusPacketsTest {

    private static byte toc(int config, boolean stereo, int code) {
        return (byte) (config << 3 | (stereo ? 0x04 : 0) | code);
    }

    @Test
    void oneFrameLastsItsConfigurationsFrameSize() {
        assertEquals(20_000_000L, OpusPackets.durationNanos(new byte[] {toc(31, false, 0), 1, 2}), "CELT fullband 20 ms");
        assertEquals(2_500_000L, OpusPackets.durationNanos(new byte[] {toc(16, false, 0)}), "CELT narrowband 2.5 ms");
        assertEquals(10_000_000L, OpusPackets.durationNanos(new byte[] {toc(12, true, 0)}), "hybrid 10 ms, stereo");
        assertEquals(20_000_000L, OpusPackets.durationNanos(new byte[] {toc(15, false, 0)}), "hybrid fullband 20 ms, what browsers send");
        assertEquals(60_000_000L, OpusPackets.durationNanos(new byte[] {toc(3, false, 0)}), "SILK 60 ms");
    }

    @Test
    void codesOneAndTwoCarryTwoFramesAndCodeThreeCountsThem() {
        assertEquals(40_000_000L, OpusPackets.durationNanos(new byte[] {toc(9, false, 1), 0}));
        assertEquals(40_000_000L, OpusPackets.durationNanos(new byte[] {toc(9, false, 2), 0}));
        assertEquals(60_000_000L, OpusPackets.durationNanos(new byte[] {toc(1, false, 3), 3}), "three SILK 20 ms frames");
        assertEquals(120_000_000L, OpusPackets.durationNanos(new byte[] {toc(3, false, 1), 0}), "two 60 ms frames: the longest packet");
    }

    @Test
    void aPacketWhoseDurationCannotBeReadIsTakenForTwentyMilliseconds() {
        assertEquals(OpusPackets.DEFAULT_NANOS, OpusPackets.durationNanos(new byte[0]), "empty");
        assertEquals(OpusPackets.DEFAULT_NANOS, OpusPackets.durationNanos(new byte[] {toc(1, false, 3)}), "code 3 without its count");
        assertEquals(OpusPackets.DEFAULT_NANOS, OpusPackets.durationNanos(new byte[] {toc(1, false, 3), 0}), "code 3 with no frames");
        assertEquals(OpusPackets.DEFAULT_NANOS, OpusPackets.durationNanos(new byte[] {toc(3, false, 3), 3}), "180 ms: longer than RFC 6716 allows");
    }
}
