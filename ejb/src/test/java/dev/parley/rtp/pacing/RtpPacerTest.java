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

    // A continuous pacer: the stream never pauses; silence is no chunk's and a flush leaves it running.

    private final RtpPacer continuous = new RtpPacer(3, true);

    @Test
    void aContinuousPacerSendsSilenceWhileNothingIsQueuedOnTheSameGrid() {
        List<PacedFrame> sent = new ArrayList<>();
        for (long now = 0; now <= 100 * MS; now += MS) {
            sent.addAll(continuous.due(now));
        }
        assertEquals(6, sent.size(), "one frame per 20 ms from the first call on, 0..100 ms");
        for (int k = 0; k < sent.size(); k++) {
            PacedFrame frame = sent.get(k);
            assertTrue(frame.silence());
            assertEquals(List.of(), frame.pieces());
            assertEquals(k * 20 * MS, frame.scheduledNanos());
            assertEquals(k * 320L, frame.mediaTime16k());
            assertEquals(k == 0, frame.talkspurtStart(), "only the stream's first packet is marked");
            assertTrue(java.util.stream.IntStream.range(0, 320).allMatch(i -> frame.samples()[i] == 0), "silence is zeros");
        }
        assertEquals(120 * MS, continuous.nextDueNanos(), "never Long.MAX_VALUE: the next silence is due");
        assertEquals(0, continuous.queuedFrames(), "silence is never queued");
    }

    @Test
    void audioJoinsTheRunningStreamAtTheNextPacketTimeWithoutAMarker() {
        continuous.due(0);
        continuous.due(20 * MS);
        long chunk = continuous.enqueue(audio(40, 7), 25 * MS);
        assertTrue(continuous.due(30 * MS).isEmpty(), "the stream's cadence holds: nothing before 40 ms");
        PacedFrame first = continuous.due(40 * MS).get(0);
        assertFalse(first.silence());
        assertEquals(40 * MS, first.scheduledNanos());
        assertEquals(640, first.mediaTime16k(), "timestamps run on from the silence, without a jump");
        assertFalse(first.talkspurtStart(), "no new talkspurt: the stream never paused");
        assertEquals(List.of(new PacedFrame.Piece(chunk, 320, true, false)), first.pieces());
        PacedFrame second = continuous.due(60 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(chunk, 320, false, true)), second.pieces());
        PacedFrame after = continuous.due(80 * MS).get(0);
        assertTrue(after.silence(), "silence again once the chunk is out");
        assertEquals(1280, after.mediaTime16k());
    }

    @Test
    void aFlushReportsOnlyTheChunksAudioAndTheSilenceGoesOn() {
        continuous.due(0); // silence
        long chunk = continuous.enqueue(audio(100, 1), 10 * MS);
        continuous.due(20 * MS);
        continuous.due(40 * MS);
        FlushReport report = continuous.flush();
        assertEquals(3, report.droppedFrames());
        assertEquals(3 * 320, report.droppedSamples());
        assertEquals(List.of(new FlushReport.CutChunk(chunk, 640, 1600)), report.cutChunks(),
                "exactly the two frames of the chunk that went out; the silence before them counts nowhere");
        PacedFrame next = continuous.due(60 * MS).get(0);
        assertTrue(next.silence());
        assertEquals(60 * MS, next.scheduledNanos());
        assertEquals(3 * 320, next.mediaTime16k());
        assertEquals(new FlushReport(0, 0, List.of()), continuous.flush(), "a flush with only silence running drops nothing");
    }

    @Test
    void audioQueuedWhileASilenceFrameIsBeingEncodedGoesInTheNextPacketTime() {
        PacedFrame silence = continuous.peekDue(0);
        assertTrue(silence.silence());
        long chunk = continuous.enqueue(audio(20, 5), MS);
        continuous.flush(); // a flush meanwhile drops the audio but never the silence in hand
        long kept = continuous.enqueue(audio(20, 6), 2 * MS);
        assertTrue(continuous.commit(silence), "the silence goes out");
        PacedFrame audio = continuous.due(20 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(kept, 320, true, true)), audio.pieces());
        assertEquals(320, audio.mediaTime16k());
        assertTrue(chunk != kept);
    }

    @Test
    void aSilenceFrameFromAnOldScheduleIsNotCommitted() {
        PacedFrame silence = continuous.peekDue(0);
        assertTrue(continuous.commit(silence));
        assertFalse(continuous.commit(silence), "committing the same silence twice would skip a packet time");
        assertEquals(20 * MS, continuous.nextDueNanos());
    }

    @Test
    void aStalledContinuousSenderSkipsAheadInsteadOfBurstingSilence() {
        continuous.due(0);
        assertEquals(2, continuous.due(45 * MS).size(), "a short stall is caught up");
        List<PacedFrame> afterStall = continuous.due(300 * MS);
        assertEquals(1, afterStall.size());
        assertTrue(afterStall.get(0).silence());
        assertTrue(afterStall.get(0).talkspurtStart(), "after a real gap the receiver sees a new talkspurt");
        assertEquals(300 * 16, afterStall.get(0).mediaTime16k());
        assertEquals(1, continuous.stallCount());
    }

    @Test
    void aTalkspurtPacerNeverSendsSilence() {
        assertTrue(pacer.due(0).isEmpty());
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
        pacer.enqueue(audio(20, 1), 0);
        assertEquals(1, pacer.due(0).size());
        assertTrue(pacer.due(20 * MS).isEmpty());
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
    }
}
