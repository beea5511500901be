package dev.parley.kms.playing;

import dev.parley.kms.MediaServerMain;
import dev.parley.kms.playing.TestMedia.Format;
import dev.parley.kms.playing.TestMedia.Segment;
import dev.parley.kms.recording.WebmAudio;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.support.Eventually;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.Tones;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kurento.client.Composite;
import org.kurento.client.ErrorEvent;
import org.kurento.client.HubPort;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.PlayerEndpoint;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.UriEndpointState;
import org.kurento.client.VideoInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.parley.kms.support.KmsErrors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PlayerEndpoint through org.kurento:kurento-client against the real server and GStreamer
 * (kurento-behaviour §3.8): files made at test time are played into a recorder, an RTP peer and a
 * Composite, and judged by what arrives (the tone's frequency, how long it lasts); the state
 * machine, EndOfStream, seeking, VideoInfo, KMS's player error events and the uri rules.
 */
class PlayerEndpointIT {
    private static final int TONE_HZ = 440;
    private static final int OTHER_HZ = 880;
    private static Path dir;
    private static MediaServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-player-").toRealPath();
        // The recording roots default to the recorder's default path: the player reads under it.
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

    /** What a player reports, as text: a queue to wait on and the whole history. */
    private record Events(BlockingQueue<String> queue, List<String> all) {
        /** Waits for {@code expected} (other events may come between) and returns when it arrived, in nanoTime. */
        long await(String expected, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                String e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + expected + "' within " + timeoutMillis + " ms; events " + all);
                }
                if (e.equals(expected)) {
                    return System.nanoTime();
                }
            }
        }
    }

    private static Events events(PlayerEndpoint player) {
        Events events = new Events(new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>());
        java.util.function.Consumer<String> add = e -> {
            events.all().add(e);
            events.queue().add(e);
        };
        player.addUriEndpointStateChangedListener(e -> add.accept("State " + e.getState()));
        player.addEndOfStreamListener(e -> add.accept("EndOfStream"));
        player.addErrorListener(e -> add.accept("Error " + e.getType()));
        return events;
    }

    private static RtpEndpoint rtpTo(MediaPipeline pipeline, RtpPeer peer) {
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        peer.remoteDescription(rtp.processOffer(peer.offer()));
        return rtp;
    }

    @Test
    void aWavPlayedIntoARecorderArrivesWithItsToneAndLengthThenStopsWithEndOfStream() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("two-seconds.wav"), new Segment(TONE_HZ, 2.0));
        Path recording = dir.resolve("played.webm");
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, wav.toUri().toString()).build();
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, recording.toUri().toString())
                    .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
            Events events = events(player);
            List<MediaFlowState> flowOut = new CopyOnWriteArrayList<>();
            player.addMediaFlowOutStateChangedListener(e -> flowOut.add(e.getState()));
            Events recorderEvents = new Events(new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>());
            recorder.addRecordingListener(e -> recorderEvents.queue().add("Recording"));
            player.connect(recorder, MediaType.AUDIO);
            assertEquals(UriEndpointState.STOP, player.getState());
            assertEquals(wav.toUri().toString(), player.getUri());

            // A recorder's file pipeline (live) plays once audio reaches it: record first, then play.
            recorder.record();
            long played = System.nanoTime();
            player.play();
            assertEquals(UriEndpointState.START, player.getState());
            events.await("State START", 5000);
            recorderEvents.await("Recording", 5000);
            long ended = events.await("EndOfStream", 10_000);
            double playedSeconds = (ended - played) / 1e9;
            // KMS stops the player at the end of the stream, then sends EndOfStream.
            assertEquals(UriEndpointState.STOP, player.getState());
            assertTrue(Eventually.holds(() -> events.all().contains("State STOP"), 2000), "STOP with the end: " + events.all());
            assertTrue(playedSeconds > 1.8 && playedSeconds < 4.0, "played at its own pace, 2 s of audio in " + playedSeconds + " s");
            assertTrue(flowOut.contains(MediaFlowState.FLOWING), "MediaFlowOut FLOWING while playing: " + flowOut);
            recorder.stopAndWait();

            double[] audio = WebmAudio.decode(recording);
            List<WebmAudio.Window> windows = WebmAudio.windows(audio, 100, TONE_HZ, OTHER_HZ);
            long toneWindows = windows.stream().filter(w -> w.dominant(TONE_HZ, OTHER_HZ, 0.05, 10) == TONE_HZ).count();
            System.out.printf("PlayerEndpointIT: 2.0 s WAV played in %.2f s; recording %.2f s, %d of %d 100 ms windows hold %d Hz%n",
                    playedSeconds, WebmAudio.seconds(audio), toneWindows, windows.size(), TONE_HZ);
            assertTrue(toneWindows >= 17 && toneWindows <= 22, "about 2 s of the tone in the recording: " + toneWindows + " windows");
        } finally {
            pipeline.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyFormatDecodebinReadsIsHeardByAnRtpPeerWithItsTone(Format format) throws Exception {
        Path file = TestMedia.file(dir, "tone-" + format, format, new Segment(TONE_HZ, 1.5));
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer()) {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, file.toUri().toString()).build();
            Events events = events(player);
            player.connect(rtpTo(pipeline, peer), MediaType.AUDIO);
            player.play();
            events.await("EndOfStream", 10_000);
            Thread.sleep(300); // the last packets' way out

            double[] heard = peer.heard();
            int loud = TestMedia.loudWindows(heard, RtpPeer.RATE, 100, 0.1);
            int hz = Tones.dominantFrequency(heard, RtpPeer.RATE, 200, 2000, 10);
            System.out.printf("PlayerEndpointIT: %s heard %.2f s, %d loud 100 ms windows, dominant %d Hz%n",
                    format, heard.length / (double) RtpPeer.RATE, loud, hz);
            assertEquals(TONE_HZ, hz, 10, format + ": the file's tone");
            assertTrue(loud >= 12 && loud <= 17, format + ": about 1.5 s of it, " + loud + " windows");
        } finally {
            pipeline.release();
        }
    }

    @Test
    void pauseHoldsThePositionPlayResumesAndStopStartsOver() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("three-seconds.wav"), new Segment(TONE_HZ, 3.0));
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer()) {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, wav.toUri().toString()).build();
            Events events = events(player);
            player.connect(rtpTo(pipeline, peer), MediaType.AUDIO);
            player.play();
            Thread.sleep(1000);
            player.pause();
            assertEquals(UriEndpointState.PAUSE, player.getState());
            events.await("State PAUSE", 5000);
            long pausedAt = player.getPosition();
            Thread.sleep(300);
            peer.clearHeard();
            Thread.sleep(1000);
            assertEquals(pausedAt, player.getPosition(), 40, "the position holds while paused");
            assertTrue(TestMedia.loudWindows(peer.heard(), RtpPeer.RATE, 100, 0.1) <= 1, "nothing is played while paused");
            assertTrue(pausedAt > 700 && pausedAt < 1500, "paused about 1 s in: " + pausedAt + " ms");

            long resumed = System.nanoTime();
            player.play();
            events.await("State START", 5000);
            long ended = events.await("EndOfStream", 10_000);
            double rest = (ended - resumed) / 1e9;
            assertTrue(rest > (3000 - pausedAt) / 1000.0 - 0.4 && rest < 3.0, "resumed where it paused: " + rest + " s left after "
                    + pausedAt + " ms");

            // After the end (STOP), and after an explicit stop, play starts from the beginning.
            player.play();
            assertTrue(Eventually.holds(() -> player.getPosition() > 300, 3000), "playing again");
            assertTrue(player.getPosition() < 1500, "from the start: " + player.getPosition());
            player.stop();
            assertEquals(UriEndpointState.STOP, player.getState());
            assertEquals(0, player.getPosition(), "no position when stopped");
            player.play();
            assertTrue(Eventually.holds(() -> player.getPosition() > 100, 3000), "playing after stop");
            assertTrue(player.getPosition() < 1000, "from the start after stop: " + player.getPosition());
            // A request for the state it is in succeeds and changes nothing (KMS only logs it).
            player.play();
            assertEquals(UriEndpointState.START, player.getState());
        } finally {
            pipeline.release();
        }
    }

    @Test
    void getVideoInfoGivesDurationAndSeekRangeWhilePlayingAndZerosWhenStoppedLikeKms() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("info.wav"), new Segment(TONE_HZ, 3.0));
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, wav.toUri().toString()).build();
            VideoInfo stopped = player.getVideoInfo();
            assertFalse(stopped.getIsSeekable(), "KMS's queries fail on its stopped (NULL) pipeline");
            assertEquals(0, stopped.getDuration());
            assertEquals(0, stopped.getSeekableInit());
            assertEquals(0, stopped.getSeekableEnd());

            player.play();
            assertTrue(Eventually.holds(() -> player.getVideoInfo().getDuration() > 0, 5000), "duration known once playing");
            VideoInfo info = player.getVideoInfo();
            System.out.printf("PlayerEndpointIT: VideoInfo of a 3 s WAV: seekable %s, %d..%d ms, duration %d ms%n",
                    info.getIsSeekable(), info.getSeekableInit(), info.getSeekableEnd(), info.getDuration());
            assertEquals(3000, info.getDuration(), 20);
            assertTrue(info.getIsSeekable());
            assertEquals(0, info.getSeekableInit());
            assertEquals(3000, info.getSeekableEnd(), 20);
        } finally {
            pipeline.release();
        }
    }

    @Test
    void setPositionSkipsToTheSecondHalfAndFailsWithPlayerSeekFailWhenStopped() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("two-tones.wav"), new Segment(TONE_HZ, 2.0), new Segment(OTHER_HZ, 2.0));
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer()) {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, wav.toUri().toString()).build();
            assertKmsError(40700, "PLAYER_SEEK_FAIL", () -> player.setPosition(1000));
            Events events = events(player);
            player.connect(rtpTo(pipeline, peer), MediaType.AUDIO);
            player.play();
            assertTrue(Eventually.holds(() -> player.getVideoInfo().getIsSeekable(), 5000), "seekable once playing");
            long seeked = System.nanoTime();
            player.setPosition(2500);
            // The flushing seek prerolls again; until then the position query fails (0, as in KMS).
            assertTrue(Eventually.holds(() -> player.getPosition() >= 2400, 3000), "position after the seek: " + player.getPosition());
            Thread.sleep(300);
            peer.clearHeard();
            long ended = events.await("EndOfStream", 10_000);
            double rest = (ended - seeked) / 1e9;
            int hz = Tones.dominantFrequency(peer.heard(), RtpPeer.RATE, 200, 2000, 10);
            assertEquals(OTHER_HZ, hz, 10, "the second half's tone after the seek");
            assertTrue(rest > 1.0 && rest < 2.5, "1.5 s left after seeking to 2.5 s of 4 s: " + rest + " s");
        } finally {
            pipeline.release();
        }
    }

    @Test
    void aMissingFileGivesInvalidUriATextFileInvalidMediaAndNoiseTypefindsErrorLikeKms() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "this is not audio\n".repeat(200));
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(16).nextBytes(noise);
        Path notMedia = Files.write(dir.resolve("noise.wav"), noise);
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            PlayerEndpoint missing = new PlayerEndpoint.Builder(pipeline, dir.resolve("missing.wav").toUri().toString()).build();
            List<ErrorEvent> errors = new CopyOnWriteArrayList<>();
            missing.addErrorListener(errors::add);
            missing.play(); // succeeds: the failure comes as an event
            assertTrue(Eventually.holds(() -> !errors.isEmpty(), 5000), "Error event");
            assertEquals("INVALID_URI", errors.get(0).getType());
            assertEquals(0, errors.get(0).getErrorCode());
            assertEquals("Invalid URI", errors.get(0).getDescription());
            assertEquals(UriEndpointState.START, missing.getState(), "KMS leaves the state as it was");

            PlayerEndpoint garbage = new PlayerEndpoint.Builder(pipeline, notMedia.toUri().toString()).build();
            List<ErrorEvent> garbageErrors = new CopyOnWriteArrayList<>();
            garbage.addErrorListener(garbageErrors::add);
            garbage.play();
            assertTrue(Eventually.holds(() -> !garbageErrors.isEmpty(), 5000), "Error event");
            ErrorEvent error = garbageErrors.get(0);
            // typefind's GST_STREAM_ERROR_TYPE_NOT_FOUND, named as MediaElementImpl names unknown codes.
            assertEquals("UNEXPECTED_ELEMENT_ERROR", error.getType());
            assertEquals(4, error.getErrorCode());
            assertTrue(error.getDescription().contains("typefind"), error.getDescription());

            // decodebin itself refuses text: KMS names errors of decodebin* INVALID_MEDIA.
            PlayerEndpoint textPlayer = new PlayerEndpoint.Builder(pipeline, text.toUri().toString()).build();
            List<ErrorEvent> textErrors = new CopyOnWriteArrayList<>();
            textPlayer.addErrorListener(textErrors::add);
            textPlayer.play();
            assertTrue(Eventually.holds(() -> !textErrors.isEmpty(), 5000), "Error event");
            assertEquals("INVALID_MEDIA", textErrors.get(0).getType());
            assertEquals(0, textErrors.get(0).getErrorCode());
            assertEquals("Invalid Media", textErrors.get(0).getDescription());

            Thread.sleep(500);
            assertEquals(1, textErrors.size(), "one Error per failed play: " + textErrors);
            assertEquals(1, errors.size(), "one Error per failed play: " + errors);
            assertEquals(1, garbageErrors.size(), "one Error per failed play: " + garbageErrors);
        } finally {
            pipeline.release();
        }
    }

    @Test
    void urisOutsideTheRecordingRootsAndOtherSchemesAreRefusedWith40107AndARelativeOnePlays() throws Exception {
        Path outside = Files.createTempDirectory("parley-outside-").toRealPath();
        try {
            Path secret = TestMedia.wav(outside.resolve("secret.wav"), new Segment(TONE_HZ, 0.5));
            Files.createSymbolicLink(dir.resolve("link.wav"), secret);
            Files.createSymbolicLink(dir.resolve("linkdir"), outside);
            MediaPipeline pipeline = kurento.createMediaPipeline();
            try {
                for (String uri : List.of(secret.toUri().toString(), "file:///etc/hostname", dir.resolve("link.wav").toUri().toString(),
                        dir.resolve("linkdir").toUri() + "secret.wav", dir.toUri() + "../" + outside.getFileName() + "/secret.wav",
                        "../" + outside.getFileName() + "/secret.wav", "..%2F" + outside.getFileName() + "%2Fsecret.wav",
                        "file://otherhost" + secret, "fd://0", "rtsp://127.0.0.1/stream", "")) {
                    var e = assertKmsError(40107, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR",
                            () -> new PlayerEndpoint.Builder(pipeline, uri).build());
                    assertTrue(e.getMessage().contains("player uri"), uri + ": " + e.getMessage());
                }
                assertEquals(0, pipeline.getChildren().size(), "nothing was created for a refused uri");

                TestMedia.wav(dir.resolve("sub/relative.wav"), new Segment(TONE_HZ, 0.5));
                PlayerEndpoint relative = new PlayerEndpoint.Builder(pipeline, "sub%2Frelative.wav").build();
                assertEquals("sub%2Frelative.wav", relative.getUri(), "getUri returns the uri as given");
                Events events = events(relative);
                relative.play();
                events.await("EndOfStream", 5000);
            } finally {
                pipeline.release();
            }
        } finally {
            try (var files = Files.walk(outside)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anHttpUriIsFetchedAndPlayedAndA404GivesInvalidUri() throws Exception {
        byte[] wav = Files.readAllBytes(TestMedia.wav(dir.resolve("served.wav"), new Segment(TONE_HZ, 1.5)));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/tone.wav", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/x-wav");
            exchange.sendResponseHeaders(200, wav.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(wav);
            } catch (IOException closedEarly) {
                // the player may close the connection at the end
            }
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer()) {
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, base + "/tone.wav").build();
            Events events = events(player);
            player.connect(rtpTo(pipeline, peer), MediaType.AUDIO);
            player.play();
            events.await("EndOfStream", 10_000);
            Thread.sleep(300);
            double[] heard = peer.heard();
            assertEquals(TONE_HZ, Tones.dominantFrequency(heard, RtpPeer.RATE, 200, 2000, 10), 10);
            int loud = TestMedia.loudWindows(heard, RtpPeer.RATE, 100, 0.1);
            assertTrue(loud >= 12 && loud <= 17, "about 1.5 s over http: " + loud + " windows");

            PlayerEndpoint notFound = new PlayerEndpoint.Builder(pipeline, base + "/nothing.wav").build();
            List<ErrorEvent> errors = new CopyOnWriteArrayList<>();
            notFound.addErrorListener(errors::add);
            notFound.play();
            assertTrue(Eventually.holds(() -> !errors.isEmpty(), 5000), "Error event for a 404");
            assertEquals("INVALID_URI", errors.get(0).getType());
        } finally {
            pipeline.release();
            http.stop(0);
        }
    }

    @Test
    void aPlayerIntoACompositeIsHeardByTheOtherPort() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("mixed.wav"), new Segment(TONE_HZ, 2.0));
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer()) {
            Composite composite = new Composite.Builder(pipeline).build();
            HubPort fromPlayer = new HubPort.Builder(composite).build();
            HubPort toPeer = new HubPort.Builder(composite).build();
            PlayerEndpoint player = new PlayerEndpoint.Builder(pipeline, wav.toUri().toString()).build();
            Events events = events(player);
            player.connect(fromPlayer, MediaType.AUDIO);
            toPeer.connect(rtpTo(pipeline, peer), MediaType.AUDIO);
            player.play();
            events.await("EndOfStream", 10_000);
            Thread.sleep(300);
            double[] heard = peer.heard();
            assertEquals(TONE_HZ, Tones.dominantFrequency(heard, RtpPeer.RATE, 200, 2000, 10), 10);
            int loud = TestMedia.loudWindows(heard, RtpPeer.RATE, 100, 0.1);
            assertTrue(loud >= 16 && loud <= 23, "about 2 s through the mix: " + loud + " windows");
        } finally {
            pipeline.release();
        }
    }

    /** Descriptors of this JVM (the server's, as it runs in-process) open on {@code file}. */
    private static long openDescriptors(Path file) {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void releasingAPlayingPlayerItsPipelineOrItsSessionClosesTheFileAndFreesTheEngineElements() throws Exception {
        Path wav = TestMedia.wav(dir.resolve("long.wav"), new Segment(TONE_HZ, 30.0));
        int elementsBefore = server.diagnostics().get("engineElements").getAsInt();
        int threadsBefore = server.diagnostics().get("osThreads").getAsInt();

        MediaPipeline first = kurento.createMediaPipeline();
        PlayerEndpoint player = new PlayerEndpoint.Builder(first, wav.toUri().toString()).build();
        player.play();
        assertTrue(Eventually.holds(() -> player.getPosition() > 200, 5000), "playing");
        assertEquals(1, openDescriptors(wav), "the reader holds the file while playing");
        player.release();
        assertEquals(0, openDescriptors(wav), "player.release() closed the file");
        assertEquals(elementsBefore, server.diagnostics().get("engineElements").getAsInt());
        first.release();

        MediaPipeline second = kurento.createMediaPipeline();
        PlayerEndpoint another = new PlayerEndpoint.Builder(second, wav.toUri().toString()).build();
        another.play();
        assertTrue(Eventually.holds(() -> another.getPosition() > 200, 5000), "playing");
        second.release();
        assertEquals(0, openDescriptors(wav), "the pipeline's release closed the file");
        assertEquals(elementsBefore, server.diagnostics().get("engineElements").getAsInt());

        KurentoClient session = KurentoClient.create(server.url());
        MediaPipeline third = session.createMediaPipeline();
        PlayerEndpoint orphan = new PlayerEndpoint.Builder(third, wav.toUri().toString()).build();
        orphan.play();
        assertTrue(Eventually.holds(() -> orphan.getPosition() > 200, 5000), "playing");
        session.destroy(); // closeSession releases what only this session used
        assertTrue(Eventually.holds(() -> openDescriptors(wav) == 0, 5000), "the session's end closed the file");
        assertTrue(Eventually.holds(() -> server.diagnostics().get("engineElements").getAsInt() == elementsBefore, 5000));
        // Thread pools (GStreamer's, the clients') keep some idle threads after the first players:
        // compare from there; a leak is the reader's threads again for every player.
        int threadsWarm = server.diagnostics().get("osThreads").getAsInt();
        for (int i = 0; i < 8; i++) {
            MediaPipeline cycle = kurento.createMediaPipeline();
            PlayerEndpoint p = new PlayerEndpoint.Builder(cycle, wav.toUri().toString()).build();
            p.play();
            assertTrue(Eventually.holds(() -> p.getPosition() > 100, 5000), "playing");
            cycle.release();
        }
        int threadsAfter = server.diagnostics().get("osThreads").getAsInt();
        System.out.printf("PlayerEndpointIT: osThreads %d at start, %d after 3 released players, %d after 8 more%n",
                threadsBefore, threadsWarm, threadsAfter);
        assertEquals(0, openDescriptors(wav));
        assertEquals(elementsBefore, server.diagnostics().get("engineElements").getAsInt());
        assertTrue(threadsAfter <= threadsWarm + 4, "threads " + threadsWarm + " -> " + threadsAfter + " over 8 players");
    }
}
