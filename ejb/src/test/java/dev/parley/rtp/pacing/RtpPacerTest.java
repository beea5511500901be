package dev.parley.rtp.pacing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pacer on a virtual clock: times are plain numbers, so the schedule is checked exactly. */
class RtpPacerTest {

    private static final long MS = 1_000_000L;

    private final RtpPacer pacer = new RtpPacer(3);

    private static short[] audio(int millis, int value) {
        short[] pcm = new short[millis * 16];
        java.util.Arrays.fill(pcm, (short) value);
        return pcm;
    }

    @Test
    void theFirstFrameGoesOutAtOnceThenOnePerTwentyMilliseconds() {
        pacer.enqueue(audio(100, 1), 1000 * MS);
        List<Long> sendTimes = new ArrayList<>();
        for (long now = 1000 * MS; now <= 1200 * MS; now += MS) {
            for (PacedFrame frame : pacer.due(now)) {
                sendTimes.add(frame.scheduledNanos() / MS);
                assertEquals(now, frame.scheduledNanos(), "sent the moment it is due on a 1 ms tick");
            }
        }
        assertEquals(List.of(1000L, 1020L, 1040L, 1060L, 1080L), sendTimes);
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
    }

    @Test
    void lateWakeUpsDoNotShiftTheScheduleSoThereIsNoDrift() {
        pacer.enqueue(audio(2000, 1), 0);
        List<PacedFrame> sent = new ArrayList<>();
        long now = 0;
        java.util.Random wakeUpJitter = new java.util.Random(1);
        while (sent.size() < 100) {
            sent.addAll(pacer.due(now));
            now = pacer.nextDueNanos() + wakeUpJitter.nextInt(7) * MS; // every wake-up 0-6 ms late
        }
        for (int k = 0; k < sent.size(); k++) {
            assertEquals(k * 20 * MS, sent.get(k).scheduledNanos(), "frame " + k + " stays on its 20 ms grid");
            assertEquals(k * 320L, sent.get(k).mediaTime16k());
        }
    }

    @Test
    void aShortStallIsCaughtUpAndALongOneSkipsAhead() {
        pacer.enqueue(audio(1000, 1), 0);
        pacer.due(0);
        assertEquals(2, pacer.due(45 * MS).size(), "frames due at 20 and 40 ms go out together");
        List<PacedFrame> afterStall = pacer.due(300 * MS);
        assertEquals(1, afterStall.size(), "a 240 ms stall is not sent as a burst");
        assertEquals(300 * MS, afterStall.get(0).scheduledNanos(), 0.0);
        assertTrue(afterStall.get(0).talkspurtStart(), "the receiver sees a new talkspurt");
        assertEquals(300 * 16, afterStall.get(0).mediaTime16k(), "the media clock skipped the stalled time");
        assertEquals(1, pacer.stallCount());
    }

    @Test
    void aTalkspurtAfterSilenceIsMarkedAndItsTimestampCountsTheSilence() {
        pacer.enqueue(audio(20, 1), 0);
        assertTrue(pacer.due(0).get(0).talkspurtStart());
        pacer.enqueue(audio(40, 2), 10 * MS); // arrives before the next slot: no gap
        PacedFrame continued = pacer.due(20 * MS).get(0);
        assertFalse(continued.talkspurtStart());
        assertEquals(320, continued.mediaTime16k());
        pacer.due(40 * MS);
        pacer.enqueue(audio(20, 3), 500 * MS);
        PacedFrame resumed = pacer.due(500 * MS).get(0);
        assertTrue(resumed.talkspurtStart());
        assertEquals(500 * 16, resumed.mediaTime16k(), 320, "timestamps follow the wallclock across silence");
    }

    @Test
    void chunksJoinWithoutSilenceAndTheLastPartialFrameIsPadded() {
        long first = pacer.enqueue(audio(25, 1), 0);  // 400 samples: one frame and 80 samples
        long second = pacer.enqueue(audio(10, 2), 0); // fills 160 of the second frame
        assertEquals(2, pacer.queuedFrames());
        PacedFrame one = pacer.due(0).get(0);
        assertEquals(List.of(new PacedFrame.Piece(first, 320, true, false)), one.pieces());
        PacedFrame two = pacer.due(20 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(first, 80, false, true), new PacedFrame.Piece(second, 160, true, true)), two.pieces());
        assertEquals(1, two.samples()[79]);
        assertEquals(2, two.samples()[80]);
        assertEquals(2, two.samples()[239]);
        assertEquals(0, two.samples()[240], "padded with silence");
    }

    @Test
    void flushDropsEverythingQueuedAndSaysWhatWasHeard() {
        long spoken = pacer.enqueue(audio(100, 1), 0);
        long unspoken = pacer.enqueue(audio(50, 2), 0);
        pacer.due(0);
        pacer.due(20 * MS);
        FlushReport report = pacer.flush();
        assertEquals(6, report.droppedFrames(), "3 frames of the first chunk, 2.5 of the second");
        assertEquals(60 * 16 + 50 * 16, report.droppedSamples());
        assertEquals(List.of(new FlushReport.CutChunk(spoken, 640, 1600), new FlushReport.CutChunk(unspoken, 0, 800)),
                report.cutChunks());
        assertEquals(List.of(), pacer.due(40 * MS), "nothing after the flush");
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
        assertEquals(0, pacer.flush().droppedFrames(), "a second flush finds nothing");
    }

    @Test
    void audioQueuedRightAfterAFlushKeepsAPacketTimeFromThePreviousPacket() {
        pacer.enqueue(audio(100, 1), 0);
        pacer.due(0);
        pacer.flush();
        pacer.enqueue(audio(20, 5), 5 * MS);
        assertEquals(List.of(), pacer.due(5 * MS));
        assertEquals(20 * MS, pacer.nextDueNanos());
    }

    @Test
    void aFlushWhileAFrameIsBeingEncodedDropsThatFrameToo() {
        long chunk = pacer.enqueue(audio(60, 1), 0);
        PacedFrame first = pacer.peekDue(0);
        assertTrue(pacer.commit(first));
        PacedFrame beingEncoded = pacer.peekDue(20 * MS);
        FlushReport report = pacer.flush();
        assertFalse(pacer.commit(beingEncoded), "the sender must not send it");
        assertEquals(2, report.droppedFrames());
        assertEquals(List.of(new FlushReport.CutChunk(chunk, 320, 960)), report.cutChunks(), "only the committed frame was heard");
    }

    @Test
    void aPartialFrameHandedOutForEncodingTakesNoMoreAudio() {
        long first = pacer.enqueue(audio(10, 1), 0);
        PacedFrame due = pacer.peekDue(0);
        long second = pacer.enqueue(audio(20, 2), 1 * MS);
        assertTrue(pacer.commit(due));
        assertEquals(List.of(new PacedFrame.Piece(first, 160, true, true)), due.pieces());
        assertEquals(0, due.samples()[160], "the tail went out padded");
        PacedFrame next = pacer.peekDue(20 * MS);
        assertEquals(List.of(new PacedFrame.Piece(second, 320, true, true)), next.pieces());
    }
}
