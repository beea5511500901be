package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** RTCP RR (RFC 3550 §6.4.2): reports from a participant that has not sent RTP since its last report. */
public record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {

    public ReceiverReport {
        RtpPacket.requireUnsigned32("RR SSRC", ssrc);
        if (reports.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks fit one RR, got " + reports.size());
        }
        reports = List.copyOf(reports);
    }

    @Override
    public int packetType() {
        return RR;
    }

    @Override
    public int encodedLength() {
        return 8 + ReportBlock.BYTES * reports.size();
    }

    @Override
    public void writeTo(ByteBuffer out) {
        RtcpPacket.writeHeader(out, reports.size(), RR, encodedLength());
        out.putInt((int) ssrc);
        reports.forEach(block -> block.write(out));
    }

    static ReceiverReport parseBody(int count, ByteBuffer body) {
        RtcpPacket.requireBody(body, 4 + ReportBlock.BYTES * count, "RR with " + count + " report blocks");
        long ssrc = body.getInt() & 0xFFFFFFFFL;
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(ReportBlock.read(body));
        }
        return new ReceiverReport(ssrc, blocks);
    }
}
