package dev.parley.rtp.packet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    @Test
    void parsesAHandWrittenPacketFieldByField() {
        byte[] wire = {
                (byte) 0x80, (byte) 0xE0, 0x12, 0x34, // V=2, M=1, PT=96, seq 0x1234
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, // timestamp 2^32-2
                (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, // SSRC with the sign bit set
                1, 2, 3};
        RtpPacket packet = RtpPacket.parse(wire, 0, wire.length);
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(0xFFFFFFFEL, packet.timestamp());
        assertEquals(0xDEADBEEFL, packet.ssrc());
        assertEquals(0, packet.csrcs().length);
        assertNull(packet.extension());
        assertArrayEquals(new byte[] {1, 2, 3}, packet.payload());
        assertArrayEquals(wire, packet.toBytes());
    }

    @Test
    void csrcsExtensionAndPaddingSurviveARoundTrip() {
        RtpPacket original = new RtpPacket(false, 0, 65535, 0xFFFFFFFFL, 0x80000000L, new long[] {1, 0xFFFFFFFFL},
                new RtpHeaderExtension(0xBEDE, new byte[] {0x10, 0x22, 0, 0}), new byte[] {9, 8, 7, 6, 5}, 3);
        byte[] wire = original.toBytes();
        assertEquals(12 + 8 + 4 + 4 + 5 + 3, wire.length);
        assertEquals(0xB2, wire[0] & 0xFF, "V=2, P, X, CC=2");
        assertEquals(3, wire[wire.length - 1], "the last padding byte holds the count");
        RtpPacket parsed = RtpPacket.parse(wire, 0, wire.length);
        assertEquals(original, parsed);
        assertArrayEquals(new byte[] {9, 8, 7, 6, 5}, parsed.payload(), "padding is not payload");
    }

    @Test
    void parsesFromAnOffsetInsideALargerBuffer() {
        byte[] wire = RtpPacket.of(false, 8, 7, 160, 42, new byte[] {1, 2}).toBytes();
        byte[] buffer = new byte[wire.length + 10];
        System.arraycopy(wire, 0, buffer, 5, wire.length);
        assertEquals(7, RtpPacket.parse(buffer, 5, wire.length).sequenceNumber());
    }

    @Test
    void rejectsDatagramsThatAreNotRtpNamingTheDefect() {
        assertTrue(assertThrows(RtpFormatException.class, () -> RtpPacket.parse(new byte[11], 0, 11)).getMessage().contains("shorter"));
        byte[] version1 = RtpPacket.of(false, 0, 1, 1, 1, new byte[4]).toBytes();
        version1[0] = 0x40;
        assertTrue(assertThrows(RtpFormatException.class, () -> RtpPacket.parse(version1, 0, version1.length)).getMessage()
                .contains("version 1"));
        byte[] badCsrc = RtpPacket.of(false, 0, 1, 1, 1, new byte[0]).toBytes();
        badCsrc[0] = (byte) 0x83; // claims 3 CSRCs that are not there
        assertTrue(assertThrows(RtpFormatException.class, () -> RtpPacket.parse(badCsrc, 0, badCsrc.length)).getMessage()
                .contains("CSRC"));
        byte[] badPadding = RtpPacket.of(false, 0, 1, 1, 1, new byte[] {0, 0, 9}).toBytes();
        badPadding[0] = (byte) 0xA0; // P set, count 9 > 3 bytes of payload
        assertTrue(assertThrows(RtpFormatException.class, () -> RtpPacket.parse(badPadding, 0, badPadding.length)).getMessage()
                .contains("padding"));
        byte[] badExtension = RtpPacket.of(false, 0, 1, 1, 1, new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 5}).toBytes();
        badExtension[0] = (byte) 0x90; // X set, 5 words announced, none present
        assertTrue(assertThrows(RtpFormatException.class, () -> RtpPacket.parse(badExtension, 0, badExtension.length)).getMessage()
                .contains("extension"));
    }

    @Test
    void refusesToBuildFieldsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> RtpPacket.of(false, 128, 0, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RtpPacket.of(false, 0, 65536, 0, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RtpPacket.of(false, 0, 0, 1L << 32, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RtpPacket(false, 0, 0, 0, 0, new long[16], null, new byte[0], 0));
    }
}
