package dev.parley.rtp;

import dev.parley.rtp.codec.AudioEncoder;
import dev.parley.rtp.codec.PolyphaseResampler;
import dev.parley.rtp.pacing.PacedFrame;
import dev.parley.rtp.packet.RtpPacket;
import dev.parley.rtp.rtcp.SenderStatistics;
import dev.parley.rtp.sdp.NegotiatedAudio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The agent's side, one paced frame at a time: resample 16 kHz to the codec rate and encode;
 * then, if no flush dropped the frame meanwhile, packetize, send and tell the playout listener. Owned by the sending thread.
 */
final class OutboundAudioPath {

    private static final int ENGINE_RATE = 16_000;

    private final NegotiatedAudio audio;
    private final AudioEncoder encoder;
    private final PolyphaseResampler resampler;
    private final long ssrc;
    private final DatagramChannel channel;
    private final SenderStatistics statistics;
    private final BridgeCounterSet counters;
    private final PlayoutListener listener;
    /**
     * Silence after audio is encoded for real this many frames: the encoder's look-ahead and the
     * resampler's history play out the end of the speech, and the codec's predictors decay. Then the
     * last of those payloads is sent again, which costs nothing per packet (a session is silent most
     * of the time, and Concentus takes about a millisecond per frame). Too early is audible: a
     * payload taken three frames after speech decoded to a steady buzz at a third of the speech's
     * level when repeated (OutboundSilenceTest). Waiting for two equal payloads does not work:
     * Opus's SILK layer puts a per-frame seed into every packet.
     */
    static final int SILENCE_SETTLE_FRAMES = 25;

    private int silentFrames;
    private byte[] silencePayload;
    private volatile long lastAudioSentNanos = -1;
    /** Random initial sequence number and timestamp (RFC 3550 §5.1). */
    private int sequenceNumber = ThreadLocalRandom.current().nextInt(0x10000);
    private final long timestampBase = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);

    OutboundAudioPath(NegotiatedAudio audio, AudioEncoder encoder, long ssrc, DatagramChannel channel, SenderStatistics statistics,
                      BridgeCounterSet counters, PlayoutListener listener) {
        this.audio = audio;
        this.encoder = encoder;
        this.resampler = new PolyphaseResampler(ENGINE_RATE, encoder.sampleRate());
        this.ssrc = ssrc;
        this.channel = channel;
        this.statistics = statistics;
        this.counters = counters;
        this.listener = listener;
    }

    /** Resamples and encodes {@code frame}; nothing is sent yet (a flush may still drop it). */
    byte[] encode(PacedFrame frame) {
        if (frame.silence()) {
            if (silencePayload != null) {
                return silencePayload;
            }
            byte[] payload = encodeSamples(frame);
            if (++silentFrames == SILENCE_SETTLE_FRAMES) {
                silencePayload = payload;
            }
            return payload;
        }
        silentFrames = 0;
        silencePayload = null;
        return encodeSamples(frame);
    }

    private byte[] encodeSamples(PacedFrame frame) {
        // The resampler keeps its history across talkspurts and flushes: at most its 1 ms group delay of
        // the previous audio trails into the next frame, while a reset would click inside continuous
        // speech that only looked discontinuous (a sender stall also starts a new talkspurt).
        return encoder.encode(fit(resampler.process(frame.samples()), encoder.frameSamples()));
    }

    /** Sends the encoded {@code frame} and reports each tagged piece of it to the playout listener. */
    void transmit(PacedFrame frame, byte[] payload, LongSupplier clock) throws IOException {
        long timestamp = (timestampBase + frame.mediaTime16k() * audio.format().clockRate() / ENGINE_RATE) & 0xFFFFFFFFL;
        RtpPacket packet = RtpPacket.of(frame.talkspurtStart(), audio.payloadType(), sequenceNumber, timestamp, ssrc, payload);
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        channel.send(ByteBuffer.wrap(packet.toBytes()), audio.remoteRtp());
        long sentNanos = clock.getAsLong();
        statistics.onSent(payload.length, timestamp, sentNanos);
        if (frame.silence()) {
            counters.silenceSent.incrementAndGet();
            return;
        }
        counters.sent.incrementAndGet();
        lastAudioSentNanos = sentNanos;
        for (PacedFrame.Piece piece : frame.pieces()) {
            try {
                listener.sent(piece.tag(), piece.samples(), sentNanos);
            } catch (RuntimeException e) {
                System.getLogger(OutboundAudioPath.class.getName()).log(System.Logger.Level.WARNING, "playout listener failed", e);
            }
        }
    }

    /** Monotonic time the last packet of agent audio (not silence) left, or -1 before the first. */
    long lastAudioSentNanos() {
        return lastAudioSentNanos;
    }

    /** The resampler yields exactly one codec frame per engine frame; this only guards the invariant. */
    private static short[] fit(short[] pcm, int samples) {
        return pcm.length == samples ? pcm : java.util.Arrays.copyOf(pcm, samples);
    }
}
