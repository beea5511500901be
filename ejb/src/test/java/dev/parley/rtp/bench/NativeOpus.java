package dev.parley.rtp.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Debian's libopus0 through JNA, only to compare its cost with Concentus in {@link RtpBridgeBenchmark}:
 * the bridge itself uses Concentus (see OpusAudioEncoder for why).
 */
final class NativeOpus implements AutoCloseable {

    interface LibOpus extends Library {
        Pointer opus_encoder_create(int sampleRate, int channels, int application, IntByReference error);

        int opus_encode(Pointer encoder, short[] pcm, int frameSize, byte[] data, int maxDataBytes);

        int opus_encoder_ctl(Pointer encoder, int request, Object... args);

        void opus_encoder_destroy(Pointer encoder);

        Pointer opus_decoder_create(int sampleRate, int channels, IntByReference error);

        int opus_decode(Pointer decoder, byte[] data, int length, short[] pcm, int frameSize, int decodeFec);

        void opus_decoder_destroy(Pointer decoder);
    }

    private static final int OPUS_APPLICATION_VOIP = 2048;
    private static final int OPUS_SET_BITRATE_REQUEST = 4002;
    private static final int OPUS_SET_COMPLEXITY_REQUEST = 4010;

    private final LibOpus lib;
    private final Pointer encoder;
    private final Pointer decoder;
    private final byte[] packet = new byte[1275];
    private final short[] pcm = new short[5760];

    NativeOpus(int bitrate, int complexity) {
        lib = Native.load("/usr/lib/x86_64-linux-gnu/libopus.so.0", LibOpus.class);
        IntByReference error = new IntByReference();
        encoder = lib.opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, error);
        if (error.getValue() != 0) {
            throw new IllegalStateException("opus_encoder_create failed: " + error.getValue());
        }
        decoder = lib.opus_decoder_create(48_000, 1, error);
        if (error.getValue() != 0) {
            lib.opus_encoder_destroy(encoder);
            throw new IllegalStateException("opus_decoder_create failed: " + error.getValue());
        }
        lib.opus_encoder_ctl(encoder, OPUS_SET_BITRATE_REQUEST, bitrate);
        lib.opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY_REQUEST, complexity);
    }

    byte[] encode(short[] frame) {
        int n = lib.opus_encode(encoder, frame, frame.length, packet, packet.length);
        if (n < 0) {
            throw new IllegalStateException("opus_encode failed: " + n);
        }
        return java.util.Arrays.copyOf(packet, n);
    }

    int decode(byte[] payload) {
        return lib.opus_decode(decoder, payload, payload.length, pcm, pcm.length, 0);
    }

    @Override
    public void close() {
        lib.opus_encoder_destroy(encoder);
        lib.opus_decoder_destroy(decoder);
    }
}
