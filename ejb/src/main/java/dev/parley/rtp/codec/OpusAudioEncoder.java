package dev.parley.rtp.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Opus encoding with Concentus (io.github.jaredmdobson:concentus), a pure-Java port of libopus.
 *
 * <p>Why Concentus and not Debian's libopus0 through JNA: the bridge runs inside Payara, where a
 * native library is one more package operators must install on every application-server host
 * (the media server's host has it, the Payara host need not), and a native mistake (a handle
 * freed while the send thread still encodes, a wrong ctl signature) crashes the whole server with
 * every session in it instead of failing one. Concentus has no native handle to release, runs on
 * any JVM the EAR lands on, and interoperates with libopus both ways (the GStreamer test: GStreamer's
 * opusenc into the bridge, the bridge into GStreamer's opusdec).
 *
 * <p>The price is CPU. RtpBridgeBenchmark on the shared 2-core build machine (load 13-15, two
 * runs): encode 0.7-1.3 ms against libopus's 0.2 ms per 20 ms frame (median), decode 0.25 ms
 * against 0.04-0.06 ms. That is 4-7 % of one core while the agent speaks and about 1.3 % while it
 * listens; on a starved CPU the longer encode also shows as later first packets. Should that ever
 * matter, a libopus encoder and decoder fit
 * behind {@link AudioEncoder} and {@link AudioDecoder} without touching the bridge.
 *
 * <p>Settings: VoIP application, voice signal, in-band FEC on (the peer can rebuild a lost packet),
 * and wideband at most: the agent's audio is made at 16 kHz, so nothing above 8 kHz is there to
 * code. Left to choose, the encoder went fullband (SILK plus CELT for an empty upper band): a
 * flite sentence took 0.60 ms per frame that way and 0.39 ms capped, in 3 bytes fewer per packet.
 * The encoder takes that 16 kHz audio as it is (Opus encodes from any of its rates; the RTP clock
 * stays 48 kHz): resampling it to 48 kHz in Java only for the encoder to take SILK's band back out
 * doubled the work. Opus encoding was the hottest Java code of a server with six calls
 * (docs/benchmarks.md).
 */
public final class OpusAudioEncoder implements AudioEncoder {

    private static final int MAX_PACKET_BYTES = 1275;
    /** The engine's rate: the agent's audio is coded as it is made. */
    static final int SAMPLE_RATE = 16_000;

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
            encoder = new OpusEncoder(SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a 16 kHz mono Opus encoder", e);
        }
        encoder.setBitrate(bitrateBitsPerSecond);
        encoder.setComplexity(complexity);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND);
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(5);
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public byte[] encode(short[] frame) {
        if (frame.length != frameSamples()) {
            throw new IllegalArgumentException("Opus frame must be " + frameSamples() + " samples (20 ms at 16 kHz), got " + frame.length);
        }
        try {
            int bytes = encoder.encode(frame, 0, frame.length, buffer, 0, buffer.length);
            return java.util.Arrays.copyOf(buffer, bytes);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
        }
    }
}
