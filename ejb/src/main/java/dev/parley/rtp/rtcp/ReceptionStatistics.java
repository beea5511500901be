package dev.parley.rtp.rtcp;

import dev.parley.rtp.packet.NtpTime;
import dev.parley.rtp.packet.ReportBlock;
import dev.parley.rtp.packet.SenderReport;

/**
 * What the bridge knows about the one source it receives, kept as RFC 3550 Appendix A.1, A.3 and
 * A.8 prescribe, so that its receiver report blocks mean what any RTP stack (GStreamer, Kurento,
 * Chromium) expects: loss fraction and cumulative loss from sequence numbers, interarrival
 * jitter from transit times, and LSR/DLSR for the sender's round-trip estimate.
 *
 * <p>Times are monotonic nanoseconds passed in. Thread-safe (receive thread updates, the RTCP
 * sender reads).
 */
public final class ReceptionStatistics {

    private static final int MAX_DROPOUT = 3_000;
    private static final int MAX_MISORDER = 100;
    private static final long SEQ_MOD = 1L << 16;

    private final int clockRate;
    private long ssrc = -1;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private long badSeq = SEQ_MOD + 1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double transit;
    private boolean hasTransit;
    private double jitter;
    /** The highest {@link #jitter} of the call, over every source it had. */
    private double maxJitter;
    private long lastSenderReportCompact;
    private long lastSenderReportArrivalNanos;
    private boolean hasSenderReport;

    public ReceptionStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Records one RTP packet from {@code ssrc}; a new SSRC starts the statistics afresh. */
    public synchronized void onPacket(long packetSsrc, int sequenceNumber, long rtpTimestamp, long arrivalNanos) {
        if (packetSsrc != ssrc) {
            ssrc = packetSsrc;
            initSequence(sequenceNumber);
            hasTransit = false;
            jitter = 0;
            hasSenderReport = false;
        } else if (!updateSequence(sequenceNumber)) {
            return;
        }
        received++;
        // A.8: transit time in timestamp units; its variation smoothed with gain 1/16.
        double arrival = arrivalNanos * (clockRate / 1e9);
        double packetTransit = arrival - rtpTimestamp;
        if (hasTransit) {
            double d = Math.abs(packetTransit - transit);
            // A timestamp wrap makes one huge difference; skip it rather than spoil the estimate.
            if (d < (1L << 31)) {
                jitter += (d - jitter) / 16.0;
                maxJitter = Math.max(maxJitter, jitter);
            }
        }
        transit = packetTransit;
        hasTransit = true;
    }

    /** Notes an SR from the source, for LSR/DLSR in the next report. */
    public synchronized void onSenderReport(SenderReport report, long arrivalNanos) {
        if (report.ssrc() != ssrc && ssrc != -1) {
            return;
        }
        lastSenderReportCompact = NtpTime.compact(report.ntpTimestamp());
        lastSenderReportArrivalNanos = arrivalNanos;
        hasSenderReport = true;
    }

    public synchronized boolean hasSource() {
        return ssrc != -1;
    }

    public synchronized long sourceSsrc() {
        return ssrc;
    }

    public synchronized long receivedCount() {
        return received;
    }

    /** Expected minus received since the start (A.3); negative with duplicates. */
    public synchronized long cumulativeLost() {
        return ssrc == -1 ? 0 : expected() - received;
    }

    public synchronized long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Interarrival jitter in timestamp units. */
    public synchronized long jitterTimestampUnits() {
        return (long) jitter;
    }

    /** The highest interarrival jitter (RFC 3550's smoothed estimate) since the first packet, in milliseconds. */
    public synchronized double maxJitterMillis() {
        return maxJitter * 1000.0 / clockRate;
    }

    /** A report block for the next RR/SR; also starts the next loss-fraction interval. */
    public synchronized ReportBlock reportBlock(long nowNanos) {
        if (ssrc == -1) {
            throw new IllegalStateException("no RTP source heard yet, nothing to report on");
        }
        long expected = expected();
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        int cumulative = (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost));
        long lsr = hasSenderReport ? lastSenderReportCompact : 0;
        long dlsr = hasSenderReport ? ((nowNanos - lastSenderReportArrivalNanos) << 16) / 1_000_000_000L : 0;
        return new ReportBlock(ssrc, fraction, cumulative, (cycles + maxSeq) & 0xFFFFFFFFL, ((long) jitter) & 0xFFFFFFFFL,
                lsr, dlsr & 0xFFFFFFFFL);
    }

    private long expected() {
        return cycles + maxSeq - baseSeq + 1;
    }

    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
    }

    /** A.1 without probation: false when the packet belongs to no plausible continuation (counted nowhere). */
    private boolean updateSequence(int seq) {
        int delta = (seq - maxSeq) & 0xFFFF;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            // A very large jump: the sender restarted, unless two in a row say otherwise.
            if (seq == badSeq) {
                initSequence(seq);
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: duplicate or reordered packet, counted as received.
        return true;
    }
}
