package dev.parley.rtp.codec;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * Opus decoding with Concentus, a pure-Java port of libopus (see {@link OpusAudioEncoder} for why
 * Concentus and not the native library). It decodes to 48 kHz mono: libopus downmixes a stereo
 * stream itself when the decoder is created with one channel, so the rest of the bridge only sees
 * mono. Losses are concealed by the decoder's own PLC, or rebuilt from the next packet's in-band FEC.
 *
 * <p>Not at 16 kHz, the engine's rate, although that would spare the Java resampling after it:
 * Concentus decodes hybrid packets (SILK plus CELT, TOC configurations 12-15, what a browser's
 * VoIP encoder sends at 32 kbit/s) to silence at 16 kHz (measured 2026-12-07 with Concentus
 * 1.0.2; SILK-only and CELT-only packets decode right), and a real KMS passes the browser's Opus
 * through unchanged. {@code OpusCodecTest} keeps such a stream.
 */
public final class OpusAudioDecoder implements AudioDecoder {

    static final int SAMPLE_RATE = 48_000;
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
            throw new IllegalStateException("Concentus refused a 48 kHz mono Opus decoder", e);
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
