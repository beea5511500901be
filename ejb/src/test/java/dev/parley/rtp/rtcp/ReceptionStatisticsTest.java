package dev.parley.rtp.rtcp;

import dev.parley.rtp.packet.NtpTime;
import dev.parley.rtp.packet.ReportBlock;
import dev.parley.rtp.packet.SenderReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReceptionStatisticsTest {

    private static final long MS = 1_000_000L;

    @Test
    void lossFractionCoversTheIntervalAndCumulativeLossTheWholeStream() {
        ReceptionStatistics stats = new ReceptionStatistics(8000);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 != 3) { // lose every fourth packet
                stats.onPacket(42, seq, seq * 160L, seq * 20 * MS);
            }
        }
        ReportBlock first = stats.reportBlock(2000 * MS);
        assertEquals(42, first.ssrc());
        assertEquals(98, first.extendedHighestSeq(), "seq 99 is lost; 98 is the highest received");
        assertEquals(24, first.cumulativeLost(), "3, 7, ..., 95 of 0..98");
        assertEquals((24 << 8) / 99, first.fractionLost(), "24 of 99 expected, in 1/256");
        for (int seq = 100; seq < 200; seq++) {
            stats.onPacket(42, seq, seq * 160L, seq * 20 * MS);
        }
        ReportBlock second = stats.reportBlock(4000 * MS);
        // Seq 99 was lost too, but only this interval's numbers show it: 1 of 101 expected.
        assertEquals((1 << 8) / 101, second.fractionLost());
        assertEquals(25, second.cumulativeLost());
    }

    @Test
    void evenlySpacedPacketsHaveNoJitterAndAlternatingDelayHasSome() {
        ReceptionStatistics steady = new ReceptionStatistics(8000);
        ReceptionStatistics bumpy = new ReceptionStatistics(8000);
        for (int seq = 0; seq < 500; seq++) {
            steady.onPacket(1, seq, seq * 160L, seq * 20 * MS);
            bumpy.onPacket(1, seq, seq * 160L, seq * 20 * MS + (seq % 2) * 10 * MS); // every other packet 10 ms late
        }
        assertEquals(0, steady.jitterTimestampUnits());
        // |D| is 80 timestamp units (10 ms at 8 kHz) for every packet, so J converges to 80.
        assertEquals(80, bumpy.jitterTimestampUnits(), 1);
    }

    @Test
    void theHighestJitterOfTheCallIsKeptInMillisecondsAfterTheStreamCalmsDown() {
        ReceptionStatistics stats = new ReceptionStatistics(8000);
        int seq = 0;
        for (; seq < 500; seq++) {
            stats.onPacket(1, seq, seq * 160L, seq * 20 * MS + (seq % 2) * 10 * MS); // a bumpy start: J reaches 10 ms
        }
        for (; seq < 1500; seq++) {
            stats.onPacket(1, seq, seq * 160L, seq * 20 * MS); // then steady: J decays to 0
        }
        assertEquals(0, stats.jitterTimestampUnits());
        assertEquals(10.0, stats.maxJitterMillis(), 0.2, "the bumpy start's 80 timestamp units at 8 kHz");
        stats.onPacket(2, 0, 0, 1500 * 20 * MS); // a new source starts the statistics afresh, but not the call's maximum
        assertEquals(10.0, stats.maxJitterMillis(), 0.2);
    }

    @Test
    void sequenceWrapAddsACycle() {
        ReceptionStatistics stats = new ReceptionStatistics(48_000);
        for (int i = 0; i < 10; i++) {
            stats.onPacket(9, (65530 + i) & 0xFFFF, i * 960L, i * 20 * MS);
        }
        ReportBlock block = stats.reportBlock(200 * MS);
        assertEquals(65536 + 3, block.extendedHighestSeq());
        assertEquals(0, block.cumulativeLost());
    }

    @Test
    void lsrAndDlsrEchoTheLastSenderReport() {
        ReceptionStatistics stats = new ReceptionStatistics(48_000);
        stats.onPacket(5, 1, 0, 0);
        long ntp = NtpTime.fromUnixNanos(1_764_000_000_000_000_000L);
        stats.onSenderReport(new SenderReport(5, ntp, 0, 1, 100, List.of()), 1000 * MS);
        ReportBlock block = stats.reportBlock(1500 * MS);
        assertEquals(NtpTime.compact(ntp), block.lastSenderReport());
        assertEquals(32768, block.delaySinceLastSenderReport(), "0.5 s in 1/65536 s units");
    }

    @Test
    void reportBuilderWritesAnSrAfterSendingAndAnRrOtherwise() {
        SenderStatistics sent = new SenderStatistics();
        ReceptionStatistics received = new ReceptionStatistics(48_000);
        RtcpReportBuilder builder = new RtcpReportBuilder(77, "cname", 48_000, sent, received);
        byte[] rr = builder.report(0, 1_764_000_000_000_000_000L);
        assertEquals(201, rr[1] & 0xFF);
        sent.onSent(80, 96_000, 100 * MS);
        byte[] sr = builder.report(200 * MS, 1_764_000_000_000_000_000L);
        SenderReport report = (SenderReport) dev.parley.rtp.packet.RtcpPacket.parseCompound(sr, 0, sr.length).get(0);
        assertEquals(1, report.packetCount());
        assertEquals(80, report.octetCount());
        assertEquals(96_000 + 4800, report.rtpTimestamp(), "100 ms after the last packet at 48 kHz");
        assertEquals(1_764_000_000_000_000_000L, NtpTime.toUnixNanos(report.ntpTimestamp()), 1);
    }
}
