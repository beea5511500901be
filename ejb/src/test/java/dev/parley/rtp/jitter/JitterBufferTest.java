package dev.parley.rtp.jitter;

import dev.parley.rtp.packet.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitterBufferTest {

    private static final long MS = 1_000_000L;
    private static final int OPUS_20MS = 960;

    private final JitterBuffer buffer = new JitterBuffer(40, 48_000);

    private static RtpPacket packet(int seq) {
        return RtpPacket.of(false, 96, seq & 0xFFFF, (1000L + (long) seq * OPUS_20MS) & 0xFFFFFFFFL, 7, new byte[] {(byte) seq});
    }

    private static List<Integer> playedSequences(List<JitterOutput> outputs) {
        return outputs.stream().map(o -> o instanceof JitterOutput.Playout p ? p.packet().sequenceNumber() : -1).toList();
    }

    @Test
    void packetsInOrderLeaveAtOnce() {
        for (int seq = 10; seq < 15; seq++) {
            buffer.insert(packet(seq), seq * 20 * MS);
            assertEquals(List.of(seq), playedSequences(buffer.drain(seq * 20 * MS)));
        }
        assertEquals(Long.MAX_VALUE, buffer.nextDeadlineNanos());
    }

    @Test
    void aReorderedPacketIsPutBackInPlaceWithinTheDepth() {
        buffer.insert(packet(1), 0);
        buffer.drain(0);
        buffer.insert(packet(3), 20 * MS);
        assertEquals(List.of(), buffer.drain(20 * MS), "3 waits for 2");
        assertEquals(60 * MS, buffer.nextDeadlineNanos(), "up to the 40 ms depth");
        buffer.insert(packet(2), 30 * MS);
        assertEquals(List.of(2, 3), playedSequences(buffer.drain(30 * MS)));
        assertEquals(0, buffer.concealedCount());
        assertEquals(0, buffer.lateCount());
    }

    @Test
    void aPacketMissingLongerThanTheDepthIsConcealedWithTheNextPacketForFec() {
        buffer.insert(packet(1), 0);
        buffer.drain(0);
        RtpPacket three = packet(3);
        buffer.insert(three, 20 * MS);
        assertEquals(List.of(), buffer.drain(59 * MS));
        List<JitterOutput> out = buffer.drain(60 * MS);
        assertEquals(2, out.size());
        JitterOutput.Loss loss = assertInstanceOf(JitterOutput.Loss.class, out.get(0));
        assertEquals(OPUS_20MS, loss.durationTimestampUnits());
        assertSame(three, loss.nextPacket());
        assertEquals(3, assertInstanceOf(JitterOutput.Playout.class, out.get(1)).packet().sequenceNumber());
        assertEquals(1, buffer.concealedCount());

        buffer.insert(packet(2), 70 * MS);
        assertEquals(1, buffer.lateCount(), "2 came after its place was concealed");
        assertEquals(List.of(), buffer.drain(70 * MS));
    }

    @Test
    void aBurstLossConcealsEachPacketAndOnlyTheLastGetsFecData() {
        buffer.insert(packet(1), 0);
        buffer.drain(0);
        buffer.insert(packet(5), 80 * MS);
        List<JitterOutput> out = buffer.drain(80 * MS + 40 * MS);
        assertEquals(4, out.size());
        assertNull(((JitterOutput.Loss) out.get(0)).nextPacket());
        assertNull(((JitterOutput.Loss) out.get(1)).nextPacket());
        assertEquals(5, ((JitterOutput.Loss) out.get(2)).nextPacket().sequenceNumber());
        assertEquals(5, ((JitterOutput.Playout) out.get(3)).packet().sequenceNumber());
    }

    @Test
    void moreThanTheDepthOfAudioWaitingReleasesTheGapWithoutWaiting() {
        buffer.insert(packet(1), 0);
        buffer.drain(0);
        buffer.insert(packet(3), 1 * MS);
        buffer.insert(packet(4), 2 * MS);
        assertEquals(List.of(), buffer.drain(2 * MS), "40 ms behind the gap: still waiting");
        buffer.insert(packet(5), 3 * MS);
        assertEquals(List.of(-1, 3, 4, 5), playedSequences(buffer.drain(3 * MS)), "60 ms waiting is more than the depth");
    }

    @Test
    void duplicatesAreDroppedWhetherWaitingOrAlreadyPlayed() {
        buffer.insert(packet(1), 0);
        buffer.drain(0);
        assertEquals(JitterBuffer.InsertResult.DUPLICATE, buffer.insert(packet(1), 1 * MS));
        buffer.insert(packet(3), 2 * MS);
        assertEquals(JitterBuffer.InsertResult.DUPLICATE, buffer.insert(packet(3), 3 * MS));
        assertEquals(2, buffer.duplicateCount());
        assertEquals(0, buffer.lateCount());
    }

    @Test
    void sequenceNumbersWrapAround() {
        for (int seq = 65533; seq < 65536 + 3; seq++) {
            buffer.insert(packet(seq), 0);
        }
        assertEquals(List.of(65533, 65534, 65535, 0, 1, 2), playedSequences(buffer.drain(0)));
        buffer.insert(packet(65536 + 4), 0);
        buffer.insert(packet(65536 + 3), 1);
        assertEquals(List.of(3, 4), playedSequences(buffer.drain(1)));
    }

    @Test
    void aSenderRestartWithFarAwayNumbersStartsAfresh() {
        buffer.insert(packet(100), 0);
        buffer.drain(0);
        assertEquals(JitterBuffer.InsertResult.RESYNC, buffer.insert(packet(30_000), 20 * MS));
        assertEquals(List.of(30_000), playedSequences(buffer.drain(20 * MS)));
        assertTrue(buffer.resyncCount() == 1 && buffer.concealedCount() == 0);
    }
}
