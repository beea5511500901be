package dev.parley.conversation;

import dev.parley.rtp.InboundAudioFrame;

import java.util.function.Consumer;

/**
 * Cuts the caller's audio, delivered in frames of any length, into the frame size the VAD consumes:
 * the one place audio is re-cut on its way in. A cut frame keeps its facts: concealed if any of its
 * samples was, and delivered when its last sample was (the delivery that completed it).
 */
final class FrameSlicer {

    private final short[] pending;
    private int filled;
    private boolean concealed;

    FrameSlicer(int frameSamples) {
        if (frameSamples <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + frameSamples);
        }
        this.pending = new short[frameSamples];
    }

    void accept(InboundAudioFrame delivered, Consumer<InboundAudioFrame> frames) {
        short[] pcm = delivered.samples();
        int at = 0;
        while (at < pcm.length) {
            int n = Math.min(pcm.length - at, pending.length - filled);
            System.arraycopy(pcm, at, pending, filled, n);
            filled += n;
            at += n;
            concealed |= delivered.concealed();
            if (filled == pending.length) {
                frames.accept(new InboundAudioFrame(pending.clone(), concealed, delivered.deliveredNanos()));
                filled = 0;
                concealed = false;
            }
        }
    }
}
