package dev.parley.rtp.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Opus encoding with Concentus (io.github.jaredmdobson:concentus), a pure-Java port of libopus.
 *
 * <p>Why Concentus and not Debian's libopus0 through JNA: the bridge runs inside Payara, where a
 * native library is one more thing operators must install on every host and a JNA mistake crashes
 * the whole server instead of failing one session; Concentus has no native handle to leak, works
 * on any JVM the EAR lands on, and follows the reference implementation closely (it decodes
 * libopus/GStreamer streams and vice versa, checked by the GStreamer interop test). It is slower
 * than native libopus, but one 20 ms mono frame costs well under a millisecond (see the bridge
 * benchmark), which a voice session can afford.
 *
 * <p>Settings: VoIP application, voice signal, in-band FEC on (the peer can rebuild a lost packet).
 */
public final class OpusAudioEncoder implements AudioEncoder {

    private static final int MAX_PACKET_BYTES = 1275;

    private final OpusEncoder encoder;
    private final byte[] buffer = new byte[MAX_PACKET_BYTES];

    /**
     * @param bitrateBitsPerSecond e.g. 32000 for wideband speech
     * @param complexity           0..10; higher is better quality for more CPU
     */
    public OpusAudioEncoder(int bitrateBitsPerSecond, int complexity) {
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("Opus complexity must be 0..10, got " + complexity);
        }
        try {
            encoder = new OpusEncoder(OpusAudioDecoder.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a 48 kHz mono Opus encoder", e);
        }
        encoder.setBitrate(bitrateBitsPerSecond);
        encoder.setComplexity(complexity);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(5);
    }

    @Override
    public int sampleRate() {
        return OpusAudioDecoder.SAMPLE_RATE;
    }

    @Override
    public byte[] encode(short[] frame) {
        if (frame.length != frameSamples()) {
            throw new IllegalArgumentException("Opus frame must be " + frameSamples() + " samples (20 ms at 48 kHz), got " + frame.length);
        }
        try {
            int bytes = encoder.encode(frame, 0, frame.length, buffer, 0, buffer.length);
            return java.util.Arrays.copyOf(buffer, bytes);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
        }
    }
}
