package dev.parley.kms.gst;

/** What an Opus packet's TOC byte says about the audio it carries (RFC 6716, section 3.1). */
final class OpusPackets {
    /** A packet whose duration cannot be read is taken for the usual 20 ms. */
    static final long DEFAULT_NANOS = 20_000_000L;
    private static final long[] SILK_FRAME_NANOS = {10_000_000L, 20_000_000L, 40_000_000L, 60_000_000L};
    private static final long[] CELT_FRAME_NANOS = {2_500_000L, 5_000_000L, 10_000_000L, 20_000_000L};

    private OpusPackets() {
    }

    /** The audio {@code packet} carries, in nanoseconds. */
    static long durationNanos(byte[] packet) {
        if (packet.length == 0) {
            return DEFAULT_NANOS;
        }
        int toc = packet[0] & 0xFF;
        long frameNanos = frameNanos(toc >> 3);
        int frames = switch (toc & 0x03) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> packet.length < 2 ? 0 : packet[1] & 0x3F; // code 3: the count is in the next byte
        };
        long nanos = frameNanos * frames;
        // RFC 6716 caps a packet at 120 ms; anything else is a malformed packet.
        return nanos <= 0 || nanos > 120_000_000L ? DEFAULT_NANOS : nanos;
    }

    private static long frameNanos(int config) {
        if (config < 12) { // SILK: 10, 20, 40, 60 ms
            return SILK_FRAME_NANOS[config & 0x03];
        }
        if (config < 16) { // hybrid: 10, 20 ms
            return (config & 0x01) == 0 ? 10_000_000L : 20_000_000L;
        }
        return CELT_FRAME_NANOS[config & 0x03];
    }
}
