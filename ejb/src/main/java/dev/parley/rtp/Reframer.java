package dev.parley.rtp;

import java.util.function.Consumer;

/** Cuts a stream of 16 kHz blocks of any length into the engine's 320-sample frames. */
final class Reframer {

    private final short[] pending = new short[InboundAudioFrame.SAMPLES];
    private int filled;
    private boolean pendingConcealed;

    void push(short[] samples, boolean concealed, long nowNanos, Consumer<InboundAudioFrame> out) {
        int offset = 0;
        while (offset < samples.length) {
            int n = Math.min(pending.length - filled, samples.length - offset);
            System.arraycopy(samples, offset, pending, filled, n);
            filled += n;
            offset += n;
            pendingConcealed |= concealed;
            if (filled == pending.length) {
                out.accept(new InboundAudioFrame(pending.clone(), pendingConcealed, nowNanos));
                filled = 0;
                pendingConcealed = false;
            }
        }
    }

    void reset() {
        filled = 0;
        pendingConcealed = false;
    }
}
