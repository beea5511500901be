package dev.parley.kms.lifetime;

import dev.parley.kms.MediaServerMain;
import dev.parley.kms.recording.WebmAudio;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.support.Eventually;
import dev.parley.kms.testing.RtpPeer;

import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session lifetime (kurento-behaviour §1.7) with a client that is killed mid-recording: its
 * session is collected after the configured period, its pipeline goes with it, the recording is
 * finalised on the way (a playable file), and what another session also refers to stays.
 */
class AbandonedSessionIT {
    private static final Duration GC_PERIOD = Duration.ofSeconds(1);

    @Test
    void aKilledClientsRecordingIsFinalisedWhenItsSessionIsCollectedWhileASharedPipelineStays() throws Exception {
        Path dir = Files.createTempDirectory("parley-abandoned-");
        Path file = dir.resolve("killed.webm");
        try (MediaServer server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0)
                .withGarbageCollectorPeriod(GC_PERIOD).withRecordingRoots(dir.toString()));
             RtpPeer peer = new RtpPeer()) {
            KurentoClient staying = KurentoClient.create(server.url());
            try (RecordingClientProcess client = RecordingClientProcess.start(server.url(), file, peer.offer())) {
                peer.remoteDescription(RecordingClientProcess.decode(client.await("ANSWER")));
                peer.sendTone(440);
                String pipelineId = client.await("RECORDING");
                // Another application's session, with its own pipeline, on the same server.
                MediaPipeline own = staying.createMediaPipeline();
                PassThrough shared = new PassThrough.Builder(own).build();
                assertTrue(pipelines(staying).contains(pipelineId), "the client's pipeline is live");
                Thread.sleep(2000);

                client.kill();
                long killed = System.nanoTime();
                assertTrue(pipelines(staying).contains(pipelineId), "still there right after the kill (one GC period at least)");
                assertTrue(Eventually.holds(() -> !pipelines(staying).contains(pipelineId), 3 * GC_PERIOD.toMillis() + 6000),
                        "the killed client's pipeline is collected");
                long tookMillis = (System.nanoTime() - killed) / 1_000_000;
                System.out.println("AbandonedSessionIT: collected " + tookMillis + " ms after the kill (period " + GC_PERIOD.toMillis() + " ms)");
                assertTrue(tookMillis >= GC_PERIOD.toMillis() / 2, "not before the grace period: " + tookMillis + " ms");
                assertTrue(pipelines(staying).contains(own.getId()), "the staying session's pipeline stays");
                assertEquals(shared.getId(), shared.getName());

                assertTrue(WebmAudio.isWebm(file), "a WebM file was left");
                double[] audio = WebmAudio.decode(file);
                assertTrue(WebmAudio.seconds(audio) > 1.5, "the ~2 s recorded before the kill are playable: "
                        + WebmAudio.seconds(audio) + " s");
                assertEquals(440, dev.parley.kms.testing.Tones.dominantFrequency(audio, WebmAudio.RATE, 200, 2000, 5), 5);
            } finally {
                staying.destroy();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aSessionSharingTheKilledClientsPipelineKeepsIt() throws Exception {
        Path dir = Files.createTempDirectory("parley-shared-");
        Path file = dir.resolve("shared.webm");
        try (MediaServer server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0)
                .withGarbageCollectorPeriod(GC_PERIOD).withRecordingRoots(dir.toString()));
             RtpPeer peer = new RtpPeer()) {
            KurentoClient staying = KurentoClient.create(server.url());
            try (RecordingClientProcess client = RecordingClientProcess.start(server.url(), file, peer.offer())) {
                peer.remoteDescription(RecordingClientProcess.decode(client.await("ANSWER")));
                peer.sendTone(440);
                String pipelineId = client.await("RECORDING");
                MediaPipeline shared = staying.getById(pipelineId, MediaPipeline.class);
                // Using an object makes a session refer to it (KMS refs per object, not per tree).
                List<MediaObject> elements = shared.getChildren();
                elements.forEach(MediaObject::getName);
                assertEquals(2, elements.size(), "the other session now refers to the pipeline and its two elements");

                client.kill();
                Thread.sleep(3 * GC_PERIOD.toMillis() + 1000);
                assertTrue(pipelines(staying).contains(pipelineId), "kept: another session refers to it");
                assertEquals(2, shared.getChildren().size(), "with its elements, still recording");

                shared.release();
                assertTrue(WebmAudio.seconds(WebmAudio.decode(file)) > 2.0, "releasing it finalises the recording");
            } finally {
                staying.destroy();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> pipelines(KurentoClient client) {
        return client.getServerManager().getPipelines().stream().map(MediaObject::getId).collect(Collectors.toList());
    }
}
