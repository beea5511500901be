package dev.parley.rtp;

import dev.parley.rtp.codec.AudioCodecs;
import dev.parley.rtp.codec.AudioDecoder;
import dev.parley.rtp.codec.PolyphaseResampler;
import dev.parley.rtp.jitter.JitterBuffer;
import dev.parley.rtp.jitter.JitterOutput;
import dev.parley.rtp.packet.RtpFormatException;
import dev.parley.rtp.packet.RtpPacket;
import dev.parley.rtp.rtcp.ReceptionStatistics;
import dev.parley.rtp.sdp.NegotiatedAudio;

import java.util.function.Consumer;

/**
 * The caller's side, one RTP datagram at a time: parse, statistics, reorder, decode or conceal,
 * resample to 16 kHz, hand each packet's audio (or each concealed stretch) to the engine as it is:
 * the engine cuts it to its VAD's frame size. Owned by the receive thread.
 */
final class InboundAudioPath {

    private static final System.Logger LOG = System.getLogger(InboundAudioPath.class.getName());
    private static final int ENGINE_RATE = 16_000;

    private final NegotiatedAudio audio;
    private final int jitterDepthMillis;
    private final Consumer<InboundAudioFrame> consumer;
    private final BridgeCounterSet counters;
    private final ReceptionStatistics statistics;
    private JitterBuffer jitter;
    private AudioDecoder decoder;
    private PolyphaseResampler resampler;
    private long sourceSsrc = -1;
    private long reportedLate;
    private long reportedDuplicates;
    private long reportedConcealed;

    InboundAudioPath(NegotiatedAudio audio, int jitterDepthMillis, Consumer<InboundAudioFrame> consumer, BridgeCounterSet counters,
                     ReceptionStatistics statistics) {
        this.audio = audio;
        this.jitterDepthMillis = jitterDepthMillis;
        this.consumer = consumer;
        this.counters = counters;
        this.statistics = statistics;
        restartStream();
    }

    void onDatagram(byte[] data, int length, long nowNanos) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, 0, length);
        } catch (RtpFormatException e) {
            counters.malformed.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "dropped a malformed RTP datagram: {0}", e.getMessage());
            return;
        }
        if (packet.payloadType() != audio.payloadType()) {
            counters.otherPayloadTypes.incrementAndGet();
            return;
        }
        if (packet.ssrc() != sourceSsrc) {
            if (sourceSsrc != -1) {
                counters.sourceChanges.incrementAndGet();
                restartStream();
            }
            sourceSsrc = packet.ssrc();
        }
        counters.received.incrementAndGet();
        statistics.onPacket(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), nowNanos);
        jitter.insert(packet, nowNanos);
        release(nowNanos);
    }

    /** Releases whatever the jitter buffer lets go at {@code nowNanos} (a gap that waited long enough). */
    void onTimer(long nowNanos) {
        release(nowNanos);
    }

    long nextDeadlineNanos() {
        return jitter.nextDeadlineNanos();
    }

    private void release(long nowNanos) {
        for (JitterOutput output : jitter.drain(nowNanos)) {
            if (output instanceof JitterOutput.Playout playout) {
                short[] pcm;
                try {
                    pcm = decoder.decode(playout.packet().payload());
                } catch (IllegalArgumentException e) {
                    counters.malformed.incrementAndGet();
                    continue;
                }
                deliver(pcm, false, nowNanos);
            } else if (output instanceof JitterOutput.Loss loss) {
                int samples = (int) (loss.durationTimestampUnits() * decoder.sampleRate() / audio.format().clockRate());
                byte[] next = loss.nextPacket() != null ? loss.nextPacket().payload() : null;
                deliver(decoder.conceal(samples, next), true, nowNanos);
            }
        }
        counters.late.addAndGet(jitter.lateCount() - reportedLate);
        counters.duplicates.addAndGet(jitter.duplicateCount() - reportedDuplicates);
        counters.concealed.addAndGet(jitter.concealedCount() - reportedConcealed);
        reportedLate = jitter.lateCount();
        reportedDuplicates = jitter.duplicateCount();
        reportedConcealed = jitter.concealedCount();
    }

    private void deliver(short[] pcm, boolean concealed, long nowNanos) {
        short[] pcm16k = resampler.process(pcm);
        if (pcm16k.length == 0) {
            return;
        }
        try {
            consumer.accept(new InboundAudioFrame(pcm16k, concealed, nowNanos));
        } catch (RuntimeException e) {
            // The engine's problem must not stop the caller's audio.
            LOG.log(System.Logger.Level.WARNING, "inbound audio consumer failed", e);
        }
    }

    /** A new source (first packet or an SSRC change): fresh decoder state and buffers. */
    private void restartStream() {
        jitter = new JitterBuffer(jitterDepthMillis, audio.format().clockRate());
        reportedLate = 0;
        reportedDuplicates = 0;
        reportedConcealed = 0;
        decoder = AudioCodecs.decoderFor(audio.format());
        resampler = new PolyphaseResampler(decoder.sampleRate(), ENGINE_RATE);
    }
}
