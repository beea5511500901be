package dev.parley.rtp.packet;

import java.nio.ByteBuffer;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1).
 *
 * @param ssrc                  the source this block reports on
 * @param fractionLost          lost fraction since the previous report, in 1/256 units (0..255)
 * @param cumulativeLost        packets lost since the start, 24-bit signed (duplicates can make it negative)
 * @param extendedHighestSeq    cycles &lt;&lt; 16 | highest sequence number received
 * @param interarrivalJitter    in timestamp units
 * @param lastSenderReport      middle 32 bits of the NTP timestamp of the last SR received from that source (0 = none)
 * @param delaySinceLastSenderReport in 1/65536 s since that SR arrived
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long interarrivalJitter,
                          long lastSenderReport, long delaySinceLastSenderReport) {

    static final int BYTES = 24;

    public ReportBlock {
        RtpPacket.requireUnsigned32("report block SSRC", ssrc);
        RtpPacket.requireRange("fraction lost", fractionLost, 0, 255);
        RtpPacket.requireRange("cumulative lost", cumulativeLost, -0x800000, 0x7FFFFF);
        RtpPacket.requireUnsigned32("extended highest sequence number", extendedHighestSeq);
        RtpPacket.requireUnsigned32("interarrival jitter", interarrivalJitter);
        RtpPacket.requireUnsigned32("LSR", lastSenderReport);
        RtpPacket.requireUnsigned32("DLSR", delaySinceLastSenderReport);
    }

    /** The lost fraction as a number in [0, 1). */
    public double lossRatio() {
        return fractionLost / 256.0;
    }

    static ReportBlock read(ByteBuffer in) {
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        int lossWord = in.getInt();
        int fraction = lossWord >>> 24;
        int cumulative = (lossWord << 8) >> 8; // sign-extend the low 24 bits
        return new ReportBlock(ssrc, fraction, cumulative, in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL,
                in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL);
    }

    void write(ByteBuffer out) {
        out.putInt((int) ssrc);
        out.putInt(fractionLost << 24 | (cumulativeLost & 0xFFFFFF));
        out.putInt((int) extendedHighestSeq);
        out.putInt((int) interarrivalJitter);
        out.putInt((int) lastSenderReport);
        out.putInt((int) delaySinceLastSenderReport);
    }
}
