package dev.parley.kms.lifetime;

import com.google.gson.JsonObject;
import dev.parley.kms.MediaServerMain;
import dev.parley.kms.recording.WebmAudio;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.support.Eventually;
import dev.parley.kms.testing.RtpPeer;

import org.junit.jupiter.api.Test;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 create/record/release cycles of a recorded call's media (RtpEndpoint fed by an RTP peer,
 * Composite with two HubPorts, RecorderEndpoint recording the mix) leave no threads, file
 * descriptors, UDP ports, pipelines or engine elements behind, by the server's own counts.
 * Numbers are printed for the record, not timed.
 */
class RecorderCyclesLeakIT {
    private static final int CYCLES = 200;
    private static final int WARM_UP_CYCLES = 3;
    /** Thread pools may start one more worker under a burst; a leak would show ~one per cycle. */
    private static final int THREAD_SLACK = 4;

    @Test
    void twoHundredRecordedCallsLeaveNoThreadsDescriptorsPortsOrPipelinesBehind() throws Exception {
        Path dir = Files.createTempDirectory("parley-cycles-");
        try (MediaServer server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0)
                .withRecorderDefaultPath(dir.toUri().toString()));
             RtpPeer peer = new RtpPeer()) {
            KurentoClient kurento = KurentoClient.create(server.url());
            try {
                peer.sendTone(440);
                cycle(kurento, peer, dir, -1, true);
                for (int i = 0; i < WARM_UP_CYCLES; i++) {
                    cycle(kurento, peer, dir, i, false);
                }
                JsonObject before = server.diagnostics();
                long started = System.nanoTime();
                for (int i = 0; i < CYCLES; i++) {
                    cycle(kurento, peer, dir, i, false);
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                JsonObject after = server.diagnostics();
                System.out.printf("RecorderCyclesLeakIT: %d cycles in %d ms (%.1f ms/cycle)%n  before %s%n  after  %s%n",
                        CYCLES, millis, (double) millis / CYCLES, before, after);

                for (String zero : new String[] {"pipelines", "objects", "enginePipelines", "engineElements", "rtpPortPairs"}) {
                    assertEquals(0, after.get(zero).getAsInt(), zero + " after " + after);
                }
                for (String same : new String[] {"sessions", "subscriptions"}) {
                    assertEquals(before.get(same).getAsInt(), after.get(same).getAsInt(), same + ": " + before + " -> " + after);
                }
                // Socket counts are the whole test JVM's: a socket an earlier test left closing may go
                // during the cycles (CI saw 8 -> 6). A leak is growth, so they must not grow.
                for (String noMore : new String[] {"udpSockets", "sockets"}) {
                    assertTrue(after.get(noMore).getAsInt() <= before.get(noMore).getAsInt(), noMore + ": " + before + " -> " + after);
                }
                assertTrue(after.get("fileDescriptors").getAsInt() <= before.get("fileDescriptors").getAsInt() + 2,
                        "fds " + before + " -> " + after);
                assertTrue(after.get("threads").getAsInt() <= before.get("threads").getAsInt() + THREAD_SLACK,
                        "threads " + before + " -> " + after);
                assertTrue(after.get("osThreads").getAsInt() <= before.get("osThreads").getAsInt() + THREAD_SLACK,
                        "osThreads " + before + " -> " + after);
            } finally {
                kurento.destroy();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One recorded call: peer → RtpEndpoint → HubPort ⇒ mix ⇒ HubPort → recorder; record; release the pipeline. */
    private static void cycle(KurentoClient kurento, RtpPeer peer, Path dir, int i, boolean checkFile) throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        Composite composite = new Composite.Builder(pipeline).build();
        HubPort in = new HubPort.Builder(composite).build();
        HubPort out = new HubPort.Builder(composite).build();
        RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, "cycle-" + i + ".webm")
                .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
        rtp.connect(in, MediaType.AUDIO);
        out.connect(recorder, MediaType.AUDIO);
        peer.remoteDescription(rtp.processOffer(peer.offer()));
        recorder.record();
        if (checkFile) {
            assertTrue(Eventually.holds(() -> recorder.isMediaFlowingIn(MediaType.AUDIO), 10_000), "the mix reaches the recorder");
            Thread.sleep(1000);
        }
        pipeline.release();
        Path file = dir.resolve("cycle-" + i + ".webm");
        if (checkFile) {
            assertTrue(WebmAudio.seconds(WebmAudio.decode(file)) > 0.5, "a cycle's recording is playable");
        }
        Files.deleteIfExists(file);
    }
}
