package dev.parley.session;

import dev.parley.conversation.AgentAudioOutput.AgentAudioChunk;
import dev.parley.rtp.PlayoutListener;
import dev.parley.rtp.RtpAudioBridge;
import dev.parley.rtp.RtpBridgeSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's output over a real bridge, sending over loopback to a second bridge: every queued
 * sample is reported as played, by reply generation and text chunk, a flush reports exactly what
 * went out of the cut reply and nothing after, and a pause holds the rest until resume plays it.
 */
class BridgeAudioOutputTest {

    private record Played(long generation, int chunk, int samples, long atNanos) {
    }

    private final List<Played> played = new CopyOnWriteArrayList<>();
    private BridgeAudioOutput output;
    private RtpAudioBridge agent;
    private RtpAudioBridge caller;

    @BeforeEach
    void connectTwoBridges() throws Exception {
        output = new BridgeAudioOutput();
        output.setPlaybackListener((generation, chunk, samples, at) -> played.add(new Played(generation, chunk, samples, at)));
        agent = RtpAudioBridge.open(RtpBridgeSettings.defaults(), frame -> { }, output);
        output.attach(agent);
        caller = RtpAudioBridge.open(RtpBridgeSettings.defaults(), frame -> { }, PlayoutListener.NONE);
        agent.start(caller.sdpOffer());
        caller.start(agent.sdpOffer());
    }

    @AfterEach
    void close() {
        agent.close();
        caller.close();
    }

    private int playedOf(long generation) {
        return played.stream().filter(p -> p.generation() == generation).mapToInt(Played::samples).sum();
    }

    @Test
    void everyQueuedSampleIsReportedAsPlayedUnderItsReply() throws Exception {
        for (int i = 0; i < 3; i++) {
            output.enqueue(new AgentAudioChunk(1, i, new short[640]));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (playedOf(1) < 1920 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1920, playedOf(1), "all of reply 1 was reported: " + played);
        assertTrue(played.get(0).samples() <= 320, "the first report is the first packet: " + played.get(0));
    }

    @Test
    void aFlushReportsExactlyWhatWentOutOfTheCutReplyAndNothingAfter() throws Exception {
        output.enqueue(new AgentAudioChunk(2, 0, new short[16_000]));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (agent.counters().sent() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int dropped = output.flush();
        int reportedAtFlush = playedOf(2);
        Thread.sleep(200);

        assertTrue(dropped > 0 && dropped < 50, "part of the second was dropped: " + dropped);
        assertEquals(16_000, reportedAtFlush + dropped * 320, "sent and dropped add up to the chunk");
        assertEquals(reportedAtFlush, playedOf(2), "nothing is reported after the flush");
        assertEquals(0, agent.queuedFrames());
    }
    @Test
    void aPauseHoldsTheRestAndAResumePlaysItSoEverySampleIsReportedOnceUnderItsChunk() throws Exception {
        output.enqueue(new AgentAudioChunk(3, 0, new short[3200]));
        output.enqueue(new AgentAudioChunk(3, 1, new short[6400]));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (playedOf(3) < 640 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        int held = output.pause();
        int reportedAtPause = playedOf(3);
        assertEquals(held, output.pause(), "a second pause changes nothing");
        Thread.sleep(200);
        assertEquals(reportedAtPause, playedOf(3), "nothing is reported while paused");
        assertEquals(9600, reportedAtPause + held * 320, "sent and held add up to the reply");
        output.enqueue(new AgentAudioChunk(4, 0, new short[640])); // waits behind the held audio
        output.resume();
        while (playedOf(4) < 640 && System.nanoTime() < deadline + 5_000_000_000L) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        int chunk0 = played.stream().filter(p -> p.generation() == 3 && p.chunk() == 0).mapToInt(Played::samples).sum();
        int chunk1 = played.stream().filter(p -> p.generation() == 3 && p.chunk() == 1).mapToInt(Played::samples).sum();
        assertEquals(3200, chunk0);
        assertEquals(6400, chunk1);
        assertEquals(640, playedOf(4));
        assertEquals(4, played.get(played.size() - 1).generation(), "the audio queued while paused went last");
        assertEquals(0, output.flush(), "nothing left");
    }

    @Test
    void aFlushWhilePausedDropsTheHeldAudio() throws Exception {
        output.enqueue(new AgentAudioChunk(5, 0, new short[16_000]));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (playedOf(5) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        int held = output.pause();
        int dropped = output.flush();
        int reported = playedOf(5);
        output.resume(); // the flush ended the pause: nothing to resume
        Thread.sleep(200);
        assertEquals(held, dropped);
        assertEquals(reported, playedOf(5), "nothing of the dropped audio went out");
        assertEquals(16_000, reported + dropped * 320);
    }
}
