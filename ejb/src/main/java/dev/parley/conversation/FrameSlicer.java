package dev.parley.conversation;

import java.util.function.Consumer;

/** Re-cuts audio arriving in any packet size into the fixed frame size the VAD consumes. */
final class FrameSlicer {

    private final short[] pending;
    private int filled;

    FrameSlicer(int frameSamples) {
        if (frameSamples <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + frameSamples);
        }
        this.pending = new short[frameSamples];
    }

    void accept(short[] pcm, int offset, int length, Consumer<short[]> frames) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IllegalArgumentException("audio slice [" + offset + ", +" + length + ") outside a buffer of " + pcm.length);
        }
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int n = Math.min(end - at, pending.length - filled);
            System.arraycopy(pcm, at, pending, filled, n);
            filled += n;
            at += n;
            if (filled == pending.length) {
                frames.accept(pending.clone());
                filled = 0;
            }
        }
    }
}
