package dev.parley.rtp.packet;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpPacketTest {

    private static final ReportBlock BLOCK = new ReportBlock(0xCAFEBABEL, 64, -3, 0x1FFFFL, 123, 0x12345678L, 0x10000L);

    @Test
    void compoundOfSenderReportSdesAndByeRoundTrips() {
        SenderReport sr = new SenderReport(0x89ABCDEFL, NtpTime.fromUnixNanos(1_700_000_000_500_000_000L), 0xFFFFFFF0L, 1000, 160_000,
                List.of(BLOCK));
        SourceDescription sdes = SourceDescription.cname(0x89ABCDEFL, "parley-test@host");
        Goodbye bye = new Goodbye(List.of(0x89ABCDEFL), "session ended");
        byte[] wire = RtcpPacket.compound(List.of(sr, sdes, bye));
        assertEquals(0, wire.length % 4, "every RTCP packet ends on a word boundary");
        assertEquals(200, wire[1] & 0xFF, "an SR comes first");

        List<RtcpPacket> parsed = RtcpPacket.parseCompound(wire, 0, wire.length);
        assertEquals(List.of(sr, sdes, bye), parsed);
        ReportBlock block = ((SenderReport) parsed.get(0)).reports().get(0);
        assertEquals(-3, block.cumulativeLost(), "24-bit cumulative loss keeps its sign");
        assertEquals(0.25, block.lossRatio());
    }

    @Test
    void receiverReportMatchesItsWireFormat() {
        byte[] wire = RtcpPacket.compound(List.of(new ReceiverReport(1, List.of(new ReportBlock(2, 255, 0x7FFFFF, 3, 4, 5, 6)))));
        byte[] expected = {
                (byte) 0x81, (byte) 201, 0, 7, // V=2, RC=1, RR, length 7 words after the first
                0, 0, 0, 1,
                0, 0, 0, 2,
                (byte) 0xFF, 0x7F, (byte) 0xFF, (byte) 0xFF,
                0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6};
        assertArrayEquals(expected, wire);
    }

    @Test
    void unknownFeedbackPacketsAreKeptAsOtherAndSkipped() {
        byte[] rr = RtcpPacket.compound(List.of(new ReceiverReport(7, List.of())));
        byte[] psfb = {(byte) 0x8F, (byte) 206, 0, 2, 0, 0, 0, 7, 0, 0, 0, 9}; // AVPF feedback, as Kurento sends
        byte[] wire = new byte[rr.length + psfb.length];
        System.arraycopy(rr, 0, wire, 0, rr.length);
        System.arraycopy(psfb, 0, wire, rr.length, psfb.length);
        List<RtcpPacket> parsed = RtcpPacket.parseCompound(wire, 0, wire.length);
        assertEquals(2, parsed.size());
        assertEquals(206, assertInstanceOf(RtcpPacket.Other.class, parsed.get(1)).packetType());
    }

    @Test
    void sdesWithSeveralItemsYieldsTheCname() {
        byte[] wire = {
                (byte) 0x81, (byte) 202, 0, 4,
                0, 0, 0, 5,
                2, 2, 'n', 'm', // NAME item first
                1, 3, 'a', 'b', 'c', // then CNAME
                0, 0, 0}; // END and padding
        SourceDescription sdes = (SourceDescription) RtcpPacket.parseCompound(wire, 0, wire.length).get(0);
        assertEquals(Map.of(5L, "abc"), sdes.cnames());
    }

    @Test
    void rejectsTruncatedOrForeignDatagrams() {
        byte[] sr = RtcpPacket.compound(List.of(new SenderReport(1, 0, 0, 0, 0, List.of(BLOCK))));
        assertTrue(assertThrows(RtpFormatException.class, () -> RtcpPacket.parseCompound(sr, 0, sr.length - 4)).getMessage()
                .contains("announces"));
        byte[] version0 = sr.clone();
        version0[0] = 0x01;
        assertThrows(RtpFormatException.class, () -> RtcpPacket.parseCompound(version0, 0, version0.length));
        assertThrows(RtpFormatException.class, () -> RtcpPacket.parseCompound(new byte[2], 0, 2));
    }

    @Test
    void ntpTimestampsCountFrom1900() {
        assertEquals(2_208_988_800L << 32, NtpTime.fromUnixNanos(0));
        assertEquals((2_208_988_800L << 32) | 0x80000000L, NtpTime.fromUnixNanos(500_000_000L));
        long now = 1_764_000_000_123_456_789L;
        assertTrue(Math.abs(NtpTime.toUnixNanos(NtpTime.fromUnixNanos(now)) - now) <= 1);
        assertEquals(0x8000_0000L & 0xFFFFFFFFL, NtpTime.compact(0x0000_8000_0000_0000L));
    }
}
