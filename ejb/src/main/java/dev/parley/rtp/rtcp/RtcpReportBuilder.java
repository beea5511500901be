package dev.parley.rtp.rtcp;

import dev.parley.rtp.packet.Goodbye;
import dev.parley.rtp.packet.NtpTime;
import dev.parley.rtp.packet.ReceiverReport;
import dev.parley.rtp.packet.ReportBlock;
import dev.parley.rtp.packet.RtcpPacket;
import dev.parley.rtp.packet.SenderReport;
import dev.parley.rtp.packet.SourceDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bridge's compound RTCP datagrams (RFC 3550 §6.1): an SR if it sent RTP since the last
 * report, else an RR; a report block on the source it hears; an SDES CNAME; a BYE when leaving.
 */
public final class RtcpReportBuilder {

    private final long ssrc;
    private final String cname;
    private final int clockRate;
    private final SenderStatistics sent;
    private final ReceptionStatistics received;

    public RtcpReportBuilder(long ssrc, String cname, int clockRate, SenderStatistics sent, ReceptionStatistics received) {
        this.ssrc = ssrc;
        this.cname = cname;
        this.clockRate = clockRate;
        this.sent = sent;
        this.received = received;
    }

    /**
     * The periodic report.
     *
     * @param monotonicNanos  now on the bridge's monotonic clock (for the RTP timestamp and DLSR)
     * @param wallclockNanos  now as nanoseconds since the Unix epoch (for the NTP timestamp)
     */
    public byte[] report(long monotonicNanos, long wallclockNanos) {
        List<RtcpPacket> packets = new ArrayList<>(3);
        packets.add(reportPacket(monotonicNanos, wallclockNanos));
        packets.add(SourceDescription.cname(ssrc, cname));
        return RtcpPacket.compound(packets);
    }

    /** The last report plus a BYE (RFC 3550 §6.6), sent when the bridge closes. */
    public byte[] goodbye(long monotonicNanos, long wallclockNanos, String reason) {
        return RtcpPacket.compound(List.of(reportPacket(monotonicNanos, wallclockNanos), SourceDescription.cname(ssrc, cname),
                new Goodbye(List.of(ssrc), reason)));
    }

    private RtcpPacket reportPacket(long monotonicNanos, long wallclockNanos) {
        List<ReportBlock> blocks = received.hasSource() ? List.of(received.reportBlock(monotonicNanos)) : List.of();
        if (sent.takeSentSinceLastReport()) {
            // The RTP timestamp "now": the last one sent, advanced by the time since at the media clock rate.
            long elapsedUnits = (monotonicNanos - sent.lastSendNanos()) * clockRate / 1_000_000_000L;
            long rtpNow = (sent.lastRtpTimestamp() + elapsedUnits) & 0xFFFFFFFFL;
            return new SenderReport(ssrc, NtpTime.fromUnixNanos(wallclockNanos), rtpNow, sent.packetCount() & 0xFFFFFFFFL,
                    sent.octetCount() & 0xFFFFFFFFL, blocks);
        }
        return new ReceiverReport(ssrc, blocks);
    }
}
