package dev.parley.kms.recording;

import dev.parley.kms.MediaServerMain;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.support.Eventually;
import dev.parley.kms.testing.RtpPeer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.ErrorEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.UriEndpointState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RecorderEndpoint through org.kurento:kurento-client (kurento-behaviour §3.6): an RTP peer's tone
 * recorded as a WebM file that GStreamer's own demuxer and decoder read back, with the state
 * machine, events, uri rules and the asynchronous Error of an unwritable path.
 */
class RecorderEndpointIT {
    private static final int TONE_HZ = 440;
    private static Path dir;
    private static MediaServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-recordings-");
        server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0)
                .withRecorderDefaultPath(dir.toUri().toString()));
        kurento = KurentoClient.create(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            kurento.destroy();
            server.close();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void recordPauseRecordStopAndWaitWritesAPlayableWebmWithoutThePausedSpan() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        Path file = dir.resolve("tone.webm");
        try (RtpPeer peer = new RtpPeer()) {
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, file.toUri().toString())
                    .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            recorder.addRecordingListener(e -> events.add("Recording"));
            recorder.addPausedListener(e -> events.add("Paused"));
            recorder.addStoppedListener(e -> events.add("Stopped"));
            recorder.addUriEndpointStateChangedListener(e -> events.add("State " + e.getState()));
            rtp.connect(recorder, MediaType.AUDIO);
            peer.remoteDescription(rtp.processOffer(peer.offer()));
            peer.sendTone(TONE_HZ);
            assertTrue(Eventually.holds(() -> rtp.isMediaFlowingOut(MediaType.AUDIO), 10_000), "the peer's audio flows");
            assertEquals(UriEndpointState.STOP, recorder.getState());

            recorder.record();
            assertEquals(UriEndpointState.START, recorder.getState());
            assertTrue(awaitAll(events, List.of("Recording", "State START")), "Recording and START: " + events);
            Thread.sleep(2000);
            recorder.pause();
            assertTrue(awaitAll(events, List.of("State PAUSE", "Paused")), "Paused and PAUSE: " + events);
            assertEquals(UriEndpointState.PAUSE, recorder.getState());
            Thread.sleep(1500);
            recorder.record();
            assertTrue(awaitAll(events, List.of("Recording", "State START")), "resumed: " + events);
            Thread.sleep(1000);
            long before = System.nanoTime();
            recorder.stopAndWait();
            long stopMillis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(awaitAll(events, List.of("Stopped", "State STOP")), "Stopped and STOP: " + events);
            assertEquals(UriEndpointState.STOP, recorder.getState());
            assertTrue(stopMillis < 4500, "stopAndWait took " + stopMillis + " ms");

            assertTrue(WebmAudio.isWebm(file), "EBML header with DocType webm");
            double[] audio = WebmAudio.decode(file);
            double seconds = WebmAudio.seconds(audio);
            assertTrue(seconds > 2.4 && seconds < 3.8, "about 3 s recorded (2 s + 1 s, the 1.5 s pause left out): " + seconds);
            List<WebmAudio.Window> windows = WebmAudio.windows(audio, 100, TONE_HZ, 1000);
            long toneWindows = windows.stream().filter(w -> w.dominant(TONE_HZ, 1000, 0.05, 10) == TONE_HZ).count();
            assertTrue(toneWindows >= windows.size() * 8 / 10, toneWindows + " of " + windows.size() + " windows hold the tone");

            recorder.record();
            assertEquals(UriEndpointState.STOP, recorder.getState(), "a stopped recorder does not restart (and record() succeeds)");
        } finally {
            pipeline.release();
        }
    }

    @Test
    void aRelativeUriGoesUnderTheDefaultPathAndGetUriReturnsItAsGiven() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, "calls%2Fone.webm").build();
            assertEquals("calls%2Fone.webm", recorder.getUri());
            recorder.record();
            assertTrue(Eventually.holds(() -> Files.exists(dir.resolve("calls/one.webm")), 5000),
                    "written under the default path, %2F read as /, parent directory created");
            recorder.stopAndWait();
            assertTrue(WebmAudio.isWebm(dir.resolve("calls/one.webm")));
        } finally {
            pipeline.release();
        }
    }

    @Test
    void anUnwritablePathIsReportedAsAnAsynchronousErrorEventNotAsAnRpcError() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline,
                    notADirectory.resolve("sub/rec.webm").toUri().toString()).build();
            List<ErrorEvent> errors = new CopyOnWriteArrayList<>();
            recorder.addErrorListener(errors::add);
            recorder.record(); // succeeds: the failure comes as an event
            assertTrue(Eventually.holds(() -> !errors.isEmpty(), 5000), "Error event");
            ErrorEvent error = errors.get(0);
            assertEquals("RESOURCE_ERROR_OPEN", error.getType());
            assertEquals(6, error.getErrorCode(), "GStreamer's 'open for writing' code");
            assertNotNull(error.getDescription());
            recorder.stopAndWait();
        } finally {
            pipeline.release();
        }
    }

    @Test
    void releasingAPipelineWhileItsRecorderRecordsLeavesAFinishedFile() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        Path file = dir.resolve("released.webm");
        try (RtpPeer peer = new RtpPeer()) {
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, file.toUri().toString())
                    .withMediaProfile(MediaProfileSpecType.WEBM).build();
            rtp.connect(recorder, MediaType.AUDIO);
            peer.remoteDescription(rtp.processOffer(peer.offer()));
            peer.sendTone(TONE_HZ);
            recorder.record();
            Thread.sleep(1500);
            pipeline.release();
            double[] audio = WebmAudio.decode(file);
            assertTrue(WebmAudio.seconds(audio) > 0.8, "the recorded second is in the file: " + WebmAudio.seconds(audio));
        }
    }

    @Test
    void profilesOtherThanWebmAreRefusedWithAClearError() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.kurento.client.internal.server.KurentoServerException.class,
                    () -> new RecorderEndpoint.Builder(pipeline, "x.mp4").withMediaProfile(MediaProfileSpecType.MP4).build());
            assertEquals(40107, e.getCode());
            assertTrue(e.getMessage().contains("MP4"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("x.mp4")));
        } finally {
            pipeline.release();
        }
    }

    /** Waits until all {@code expected} events arrived (in any order; the client may reorder), and removes them. */
    static boolean awaitAll(BlockingQueue<String> events, List<String> expected) throws InterruptedException {
        List<String> missing = new java.util.ArrayList<>(expected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!missing.isEmpty()) {
            String e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return false;
            }
            missing.remove(e);
        }
        return true;
    }
}
