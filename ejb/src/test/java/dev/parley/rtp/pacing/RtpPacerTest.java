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

    private static final AudioTag ANY = new AudioTag(9, 9);

    private final RtpPacer pacer = new RtpPacer(3);

    private static short[] audio(int millis, int value) {
        short[] pcm = new short[millis * 16];
        java.util.Arrays.fill(pcm, (short) value);
        return pcm;
    }

    @Test
    void theFirstFrameGoesOutAtOnceThenOnePerTwentyMilliseconds() {
        pacer.enqueue(ANY, audio(100, 1), 1000 * MS);
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
        pacer.enqueue(ANY, audio(2000, 1), 0);
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
        pacer.enqueue(ANY, audio(1000, 1), 0);
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
        pacer.enqueue(ANY, audio(20, 1), 0);
        assertTrue(pacer.due(0).get(0).talkspurtStart());
        pacer.enqueue(ANY, audio(40, 2), 10 * MS); // arrives before the next slot: no gap
        PacedFrame continued = pacer.due(20 * MS).get(0);
        assertFalse(continued.talkspurtStart());
        assertEquals(320, continued.mediaTime16k());
        pacer.due(40 * MS);
        pacer.enqueue(ANY, audio(20, 3), 500 * MS);
        PacedFrame resumed = pacer.due(500 * MS).get(0);
        assertTrue(resumed.talkspurtStart());
        assertEquals(500 * 16, resumed.mediaTime16k(), 320, "timestamps follow the wallclock across silence");
    }

    @Test
    void chunksJoinWithoutSilenceAndTheLastPartialFrameIsPadded() {
        AudioTag first = new AudioTag(1, 0);
        AudioTag second = new AudioTag(1, 1);
        pacer.enqueue(first, audio(25, 1), 0);  // 400 samples: one frame and 80 samples
        pacer.enqueue(second, audio(10, 2), 0); // fills 160 of the second frame
        assertEquals(2, pacer.queuedFrames());
        PacedFrame one = pacer.due(0).get(0);
        assertEquals(List.of(new PacedFrame.Piece(first, 320)), one.pieces());
        PacedFrame two = pacer.due(20 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(first, 80), new PacedFrame.Piece(second, 160)), two.pieces());
        assertEquals(1, two.samples()[79]);
        assertEquals(2, two.samples()[80]);
        assertEquals(2, two.samples()[239]);
        assertEquals(0, two.samples()[240], "padded with silence");
    }

    @Test
    void flushDropsEverythingQueuedAndSaysWhatWasHeard() {
        AudioTag spoken = new AudioTag(1, 1);
        pacer.enqueue(spoken, audio(100, 1), 0);
        AudioTag unspoken = new AudioTag(1, 2);
        pacer.enqueue(unspoken, audio(50, 2), 0);
        pacer.due(0);
        pacer.due(20 * MS);
        QueuedAudio report = pacer.flush();
        assertEquals(6, report.frames(), "3 frames of the first chunk, 2.5 of the second");
        assertEquals(60 * 16 + 50 * 16, report.samples());
        assertEquals(List.of(new QueuedAudio.Tagged(spoken, 960), new QueuedAudio.Tagged(unspoken, 800)), report.byTag(),
                "what did not go out, by tag: the 640 samples sent are the sender's to report");
        assertEquals(List.of(), pacer.due(40 * MS), "nothing after the flush");
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
        assertEquals(QueuedAudio.NONE, pacer.flush(), "a second flush finds nothing");
    }

    @Test
    void audioQueuedRightAfterAFlushKeepsAPacketTimeFromThePreviousPacket() {
        pacer.enqueue(ANY, audio(100, 1), 0);
        pacer.due(0);
        pacer.flush();
        pacer.enqueue(ANY, audio(20, 5), 5 * MS);
        assertEquals(List.of(), pacer.due(5 * MS));
        assertEquals(20 * MS, pacer.nextDueNanos());
    }

    @Test
    void aFlushWhileAFrameIsBeingEncodedDropsThatFrameToo() {
        AudioTag chunk = new AudioTag(1, 3);
        pacer.enqueue(chunk, audio(60, 1), 0);
        PacedFrame first = pacer.peekDue(0);
        assertTrue(pacer.commit(first));
        PacedFrame beingEncoded = pacer.peekDue(20 * MS);
        QueuedAudio report = pacer.flush();
        assertFalse(pacer.commit(beingEncoded), "the sender must not send it");
        assertEquals(2, report.frames());
        assertEquals(List.of(new QueuedAudio.Tagged(chunk, 640)), report.byTag(), "only the committed frame went out");
    }

    @Test
    void aPartialFrameHandedOutForEncodingTakesNoMoreAudio() {
        AudioTag first = new AudioTag(1, 4);
        pacer.enqueue(first, audio(10, 1), 0);
        PacedFrame due = pacer.peekDue(0);
        AudioTag second = new AudioTag(1, 5);
        pacer.enqueue(second, audio(20, 2), 1 * MS);
        assertTrue(pacer.commit(due));
        assertEquals(List.of(new PacedFrame.Piece(first, 160)), due.pieces());
        assertEquals(0, due.samples()[160], "the tail went out padded");
        PacedFrame next = pacer.peekDue(20 * MS);
        assertEquals(List.of(new PacedFrame.Piece(second, 320)), next.pieces());
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
        AudioTag chunk = new AudioTag(1, 6);
        continuous.enqueue(chunk, audio(40, 7), 25 * MS);
        assertTrue(continuous.due(30 * MS).isEmpty(), "the stream's cadence holds: nothing before 40 ms");
        PacedFrame first = continuous.due(40 * MS).get(0);
        assertFalse(first.silence());
        assertEquals(40 * MS, first.scheduledNanos());
        assertEquals(640, first.mediaTime16k(), "timestamps run on from the silence, without a jump");
        assertFalse(first.talkspurtStart(), "no new talkspurt: the stream never paused");
        assertEquals(List.of(new PacedFrame.Piece(chunk, 320)), first.pieces());
        PacedFrame second = continuous.due(60 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(chunk, 320)), second.pieces());
        PacedFrame after = continuous.due(80 * MS).get(0);
        assertTrue(after.silence(), "silence again once the chunk is out");
        assertEquals(1280, after.mediaTime16k());
    }

    @Test
    void aFlushReportsOnlyTheChunksAudioAndTheSilenceGoesOn() {
        continuous.due(0); // silence
        AudioTag chunk = new AudioTag(1, 7);
        continuous.enqueue(chunk, audio(100, 1), 10 * MS);
        continuous.due(20 * MS);
        continuous.due(40 * MS);
        QueuedAudio report = continuous.flush();
        assertEquals(3, report.frames());
        assertEquals(3 * 320, report.samples());
        assertEquals(List.of(new QueuedAudio.Tagged(chunk, 960)), report.byTag(),
                "exactly the three frames of the chunk that did not go out; the silence before them counts nowhere");
        PacedFrame next = continuous.due(60 * MS).get(0);
        assertTrue(next.silence());
        assertEquals(60 * MS, next.scheduledNanos());
        assertEquals(3 * 320, next.mediaTime16k());
        assertEquals(QueuedAudio.NONE, continuous.flush(), "a flush with only silence running drops nothing");
    }

    @Test
    void audioQueuedWhileASilenceFrameIsBeingEncodedGoesInTheNextPacketTime() {
        PacedFrame silence = continuous.peekDue(0);
        assertTrue(silence.silence());
        AudioTag chunk = new AudioTag(1, 8);
        continuous.enqueue(chunk, audio(20, 5), MS);
        continuous.flush(); // a flush meanwhile drops the audio but never the silence in hand
        AudioTag kept = new AudioTag(1, 9);
        continuous.enqueue(kept, audio(20, 6), 2 * MS);
        assertTrue(continuous.commit(silence), "the silence goes out");
        PacedFrame audio = continuous.due(20 * MS).get(0);
        assertEquals(List.of(new PacedFrame.Piece(kept, 320)), audio.pieces());
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
        pacer.enqueue(ANY, audio(20, 1), 0);
        assertEquals(1, pacer.due(0).size());
        assertTrue(pacer.due(20 * MS).isEmpty());
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
    }
    // Pause and resume: the queue is held intact while the stream runs on as silence.

    /** 16 kHz audio whose every sample is its own index from {@code from} on, so a repeat or a skip shows. */
    private static short[] counting(int from, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (from + i);
        }
        return pcm;
    }

    @Test
    void aPauseSendsSilenceOnTheSameStreamAndResumeGoesOnFromTheFirstUnsentSample() {
        AudioTag reply = new AudioTag(4, 0);
        AudioTag queuedWhilePaused = new AudioTag(4, 1);
        continuous.due(0); // the stream runs on silence
        continuous.enqueue(reply, counting(1, 1600), 5 * MS);
        List<PacedFrame> sent = new ArrayList<>(continuous.due(20 * MS));
        sent.addAll(continuous.due(40 * MS));
        QueuedAudio held = continuous.pause();
        assertEquals(new QueuedAudio(3, 960, List.of(new QueuedAudio.Tagged(reply, 960))), held, "three frames held");
        assertEquals(held, continuous.pause(), "a second pause changes nothing");
        continuous.enqueue(queuedWhilePaused, counting(1601, 480), 50 * MS);
        for (long now = 60 * MS; now <= 100 * MS; now += 20 * MS) {
            List<PacedFrame> due = continuous.due(now);
            assertEquals(1, due.size());
            assertTrue(due.get(0).silence(), "silence while paused at " + now / MS + " ms");
            sent.addAll(due);
        }
        assertEquals(5, continuous.queuedFrames(), "the queue is intact, the new audio behind it");
        continuous.resume(105 * MS);
        continuous.resume(106 * MS); // not paused any more: nothing happens
        for (long now = 120 * MS; now <= 220 * MS; now += 20 * MS) {
            sent.addAll(continuous.due(now));
        }

        List<Short> audio = new ArrayList<>();
        for (int k = 0; k < sent.size(); k++) {
            PacedFrame frame = sent.get(k);
            assertEquals((k + 1) * 20 * MS, frame.scheduledNanos(), "one packet per 20 ms, pause or not");
            assertEquals((k + 1) * 320L, frame.mediaTime16k(), "timestamps run on through the pause");
            assertFalse(frame.talkspurtStart(), "no new talkspurt at the pause or at the resume");
            for (PacedFrame.Piece piece : frame.pieces()) {
                assertTrue(piece.tag().equals(reply) || piece.tag().equals(queuedWhilePaused));
            }
            int n = frame.pieces().stream().mapToInt(PacedFrame.Piece::samples).sum();
            for (int i = 0; i < n; i++) {
                audio.add(frame.samples()[i]);
            }
        }
        assertEquals(List.of(true, true, false, false, false, true), sent.subList(0, 6).stream().map(f -> !f.silence()).toList(),
                "two frames, three of silence, then the rest at the first packet time after the resume");
        assertEquals(2080, audio.size(), "every sample once");
        for (int i = 0; i < audio.size(); i++) {
            assertEquals(i + 1, (int) audio.get(i), "in order, sample " + i);
        }
        assertEquals(List.of(new PacedFrame.Piece(reply, 320)), sent.get(5).pieces(), "the resume starts at the first unsent frame");
    }

    @Test
    void aPauseWhileAFrameIsBeingEncodedHoldsThatFrameAndSilenceTakesItsSlot() {
        AudioTag reply = new AudioTag(2, 3);
        continuous.due(0);
        continuous.enqueue(reply, counting(1, 640), MS);
        PacedFrame beingEncoded = continuous.peekDue(20 * MS);
        assertEquals(2, continuous.pause().frames());
        assertFalse(continuous.commit(beingEncoded), "it must not go out once pause() returned");
        PacedFrame slot = continuous.peekDue(20 * MS);
        assertTrue(slot.silence());
        assertEquals(20 * MS, slot.scheduledNanos(), "silence fills the same packet time");
        assertTrue(continuous.commit(slot));
        continuous.resume(30 * MS);
        PacedFrame resumed = continuous.due(40 * MS).get(0);
        assertEquals(beingEncoded.frameNumber(), resumed.frameNumber(), "the held frame goes out after all");
        assertEquals(1, resumed.samples()[0]);
        assertEquals(640, resumed.mediaTime16k());
    }

    @Test
    void aFlushWhilePausedDropsTheHeldAudioAndEndsThePause() {
        AudioTag cut = new AudioTag(1, 0);
        continuous.due(0);
        continuous.enqueue(cut, audio(50, 1), MS);
        continuous.due(20 * MS);
        continuous.pause();
        QueuedAudio dropped = continuous.flush();
        assertEquals(new QueuedAudio(2, 480, List.of(new QueuedAudio.Tagged(cut, 480))), dropped);
        assertFalse(continuous.paused());
        assertEquals(0, continuous.queuedFrames());
        AudioTag next = new AudioTag(2, 0);
        continuous.enqueue(next, audio(20, 2), 30 * MS);
        assertEquals(List.of(new PacedFrame.Piece(next, 320)), continuous.due(40 * MS).get(0).pieces(), "the next reply plays at once");
    }

    @Test
    void aPausedTalkspurtPacerSendsNothingAndResumesAsANewTalkspurt() {
        AudioTag reply = new AudioTag(1, 0);
        pacer.enqueue(reply, audio(60, 1), 0);
        pacer.due(0);
        pacer.pause();
        assertEquals(Long.MAX_VALUE, pacer.nextDueNanos());
        assertTrue(pacer.due(200 * MS).isEmpty());
        pacer.resume(300 * MS);
        PacedFrame resumed = pacer.due(300 * MS).get(0);
        assertTrue(resumed.talkspurtStart(), "after a gap in the stream the receiver is told");
        assertEquals(List.of(new PacedFrame.Piece(reply, 320)), resumed.pieces());
        assertEquals(1, pacer.due(320 * MS).size(), "the last held frame follows a packet time later");
        assertEquals(0, pacer.queuedFrames());
    }
}
