package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP SR (RFC 3550 §6.4.1): what a sender has sent, tied to wallclock, plus reports on what it received.
 *
 * @param ntpTimestamp 64-bit NTP time (seconds since 1900 in the high word, fraction in the low word)
 * @param rtpTimestamp the RTP timestamp that corresponds to {@code ntpTimestamp}
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReportBlock> reports) implements RtcpPacket {

    public SenderReport {
        RtpPacket.requireUnsigned32("SR SSRC", ssrc);
        RtpPacket.requireUnsigned32("SR RTP timestamp", rtpTimestamp);
        RtpPacket.requireUnsigned32("SR packet count", packetCount);
        RtpPacket.requireUnsigned32("SR octet count", octetCount);
        if (reports.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks fit one SR, got " + reports.size());
        }
        reports = List.copyOf(reports);
    }

    /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR. */
    public long compactNtp() {
        return NtpTime.compact(ntpTimestamp);
    }

    @Override
    public int packetType() {
        return SR;
    }

    @Override
    public int encodedLength() {
        return 28 + ReportBlock.BYTES * reports.size();
    }

    @Override
    public void writeTo(ByteBuffer out) {
        RtcpPacket.writeHeader(out, reports.size(), SR, encodedLength());
        out.putInt((int) ssrc);
        out.putLong(ntpTimestamp);
        out.putInt((int) rtpTimestamp);
        out.putInt((int) packetCount);
        out.putInt((int) octetCount);
        reports.forEach(block -> block.write(out));
    }

    static SenderReport parseBody(int count, ByteBuffer body) {
        RtcpPacket.requireBody(body, 24 + ReportBlock.BYTES * count, "SR with " + count + " report blocks");
        long ssrc = body.getInt() & 0xFFFFFFFFL;
        long ntp = body.getLong();
        long rtp = body.getInt() & 0xFFFFFFFFL;
        long packets = body.getInt() & 0xFFFFFFFFL;
        long octets = body.getInt() & 0xFFFFFFFFL;
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(ReportBlock.read(body));
        }
        return new SenderReport(ssrc, ntp, rtp, packets, octets, blocks);
    }
}
