package dev.parley.rtp.codec;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus decoding with Concentus, a pure-Java port of libopus (see {@link OpusAudioEncoder} for why
 * Concentus and not the native library). It decodes to 16 kHz mono, the engine's own format: Opus
 * decodes at any of its rates (the RTP clock stays 48 kHz), a wideband (SILK) stream at 16 kHz
 * without resampling at all, and libopus downmixes a stereo stream itself when the decoder is
 * created with one channel, so the rest of the bridge only sees mono. Decoding at 48 kHz and
 * resampling to 16 kHz in Java cost twice the CPU for the same speech band (the recognisers use
 * nothing above 8 kHz). Losses are concealed by the decoder's own PLC, or rebuilt from the next
 * packet's in-band FEC.
 */
public final class OpusAudioDecoder implements AudioDecoder {

    static final int SAMPLE_RATE = 16_000;
    /** 120 ms, the longest Opus packet. */
    private static final int MAX_FRAME_SAMPLES = SAMPLE_RATE * 120 / 1000;
    /** Opus conceals in multiples of 2.5 ms. */
    private static final int CONCEAL_STEP = SAMPLE_RATE / 400;

    private final OpusDecoder decoder;
    private final short[] buffer = new short[MAX_FRAME_SAMPLES];

    public OpusAudioDecoder() {
        try {
            decoder = new OpusDecoder(SAMPLE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a 16 kHz mono Opus decoder", e);
        }
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public short[] decode(byte[] payload) {
        try {
            int samples = decoder.decode(payload, 0, payload.length, buffer, 0, MAX_FRAME_SAMPLES, false);
            return java.util.Arrays.copyOf(buffer, samples);
        } catch (OpusException e) {
            throw new IllegalArgumentException("Opus payload of " + payload.length + " bytes does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public short[] conceal(int samples, byte[] nextPayload) {
        int frameSize = Math.max(CONCEAL_STEP, Math.min(MAX_FRAME_SAMPLES, samples / CONCEAL_STEP * CONCEAL_STEP));
        try {
            int produced = nextPayload != null
                    ? decoder.decode(nextPayload, 0, nextPayload.length, buffer, 0, frameSize, true)
                    : decoder.decode(null, 0, 0, buffer, 0, frameSize, false);
            return java.util.Arrays.copyOf(buffer, produced);
        } catch (OpusException e) {
            // FEC data unusable: fall back to plain PLC, which cannot fail on its input.
            if (nextPayload != null) {
                return conceal(samples, null);
            }
            throw new IllegalStateException("Opus packet loss concealment failed: " + e.getMessage(), e);
        }
    }
}
