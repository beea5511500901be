package dev.parley.kms.mixing;

import dev.parley.kms.MediaServerMain;
import dev.parley.kms.recording.WebmAudio;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.testing.BrowserPeer;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recording check, through org.kurento:kurento-client only: Chromium speaks a WAV
 * (a 440 Hz burst at 0.5-1.5 s of every 2 s, as Chromium loops its fake microphone) into a
 * WebRtcEndpoint, a Java RTP peer sends 1000 Hz from 2.0 to 3.5 s after recording starts into an
 * RtpEndpoint, both feed a Composite, and a third HubPort feeds a WEBM_AUDIO_ONLY recorder. The
 * decoded file must hold both signals, each at its own times.
 */
class RecordedConversationIT {
    private static final int MIC_HZ = 440;
    private static final int PEER_HZ = 1000;
    private static final double PEER_FROM = 2.0;
    private static final double PEER_TO = 3.5;
    private static final int RECORD_MILLIS = 6000;
    private static final int WINDOW_MILLIS = 100;
    /** RTP jitter buffer, decoder start-up and mixer latency, with room for a loaded machine (seen: 0.2-0.4 s). */
    private static final double LATE_TOLERANCE_SECONDS = 0.8;
    private static Path dir;
    private static Path microphone;
    private static MediaServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-conversation-");
        microphone = ToneBurstWav.write(MIC_HZ, 0.5, 1.5, 2.0);
        server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0).withRecorderDefaultPath(dir.toUri().toString()));
        kurento = KurentoClient.create(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            kurento.destroy();
            server.close();
        } finally {
            Files.deleteIfExists(microphone);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theRecordingOfTheMixHoldsTheBrowsersAndThePeersSignalsAtTheirTimes() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpPeer peer = new RtpPeer();
        try (BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            Composite composite = new Composite.Builder(pipeline).build();
            HubPort browserPort = new HubPort.Builder(composite).build();
            HubPort peerPort = new HubPort.Builder(composite).build();
            HubPort recordingPort = new HubPort.Builder(composite).build();
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, "conversation.webm")
                    .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
            webrtc.connect(browserPort, MediaType.AUDIO);
            browserPort.connect(webrtc, MediaType.AUDIO);
            rtp.connect(peerPort, MediaType.AUDIO);
            peerPort.connect(rtp, MediaType.AUDIO);
            recordingPort.connect(recorder, MediaType.AUDIO);
            peer.remoteDescription(rtp.processOffer(peer.offer()));

            CountDownLatch browserFlows = new CountDownLatch(1);
            webrtc.addMediaFlowOutStateChangedListener(e -> {
                if (e.getState() == MediaFlowState.FLOWING) {
                    browserFlows.countDown();
                }
            });
            negotiate(browser, webrtc);
            assertTrue(browserFlows.await(15, TimeUnit.SECONDS), "Chromium's audio flows into the WebRtcEndpoint");

            CountDownLatch recording = new CountDownLatch(1);
            recorder.addRecordingListener(e -> recording.countDown());
            recorder.record();
            assertTrue(recording.await(5, TimeUnit.SECONDS), "Recording event");
            long started = System.nanoTime();
            sleepUntil(started, PEER_FROM);
            peer.sendTone(PEER_HZ);
            sleepUntil(started, PEER_FROM + 0.5);
            peer.clearHeard();
            sleepUntil(started, PEER_TO);
            double[] heardByPeer = peer.heard();
            peer.close(); // the peer stops sending
            sleepUntil(started, RECORD_MILLIS / 1000.0);
            recorder.stopAndWait();

            Path file = dir.resolve("conversation.webm");
            assertTrue(WebmAudio.isWebm(file), "a WebM file");
            double[] audio = WebmAudio.decode(file);
            List<WebmAudio.Window> windows = WebmAudio.windows(audio, WINDOW_MILLIS, MIC_HZ, PEER_HZ);
            String timeline = timeline(windows);
            System.out.println("RecordedConversationIT: " + WebmAudio.seconds(audio) + " s recorded, 100 ms windows "
                    + "(m = 440 Hz from Chromium, p = 1000 Hz from the RTP peer, b = both, . = silence):\n  " + timeline);
            assertTrue(WebmAudio.seconds(audio) > RECORD_MILLIS / 1000.0 - 1.0, "about 6 s recorded: " + WebmAudio.seconds(audio));

            assertPeerToneOnlyBetween(windows, timeline);
            assertMicrophoneBurstsEveryTwoSeconds(windows, timeline);

            // The peer's own port gives it the others' mix, never its own tone.
            double own = Tones.goertzelPower(heardByPeer, RtpPeer.RATE, PEER_HZ);
            double browsers = Tones.goertzelPower(heardByPeer, RtpPeer.RATE, MIC_HZ);
            assertTrue(heardByPeer.length > RtpPeer.RATE / 2, "the peer hears the mix");
            assertTrue(browsers > 100 * own, "the peer hears Chromium, not itself: 440 Hz " + browsers + ", 1000 Hz " + own);
        } finally {
            peer.close();
            pipeline.release();
        }
    }

    /** 1000 Hz in (nearly) every window of [2.6, 3.5] s, and in none before 1.8 s or after 4.3 s. */
    private static void assertPeerToneOnlyBetween(List<WebmAudio.Window> windows, String timeline) {
        int inside = 0;
        int insideWithTone = 0;
        for (WebmAudio.Window w : windows) {
            boolean tone = hasPeerTone(w);
            double t = w.startSeconds();
            if (t >= PEER_FROM + 0.6 && t + 0.1 <= PEER_TO) { // present whatever the path latency up to 0.6 s
                inside++;
                insideWithTone += tone ? 1 : 0;
            } else if (t + 0.1 < PEER_FROM - 0.2 || t > PEER_TO + LATE_TOLERANCE_SECONDS) {
                assertTrue(!tone, "1000 Hz at " + t + " s, outside the peer's 2.0-3.5 s (+ latency): " + timeline);
            }
        }
        assertTrue(inside > 0 && insideWithTone >= inside * 8 / 10,
                insideWithTone + " of " + inside + " windows inside 2.6-3.5 s hold 1000 Hz: " + timeline);
    }

    /** 440 Hz comes in bursts of about 1 s separated by about 1 s (Chromium loops the 2 s WAV). */
    private static void assertMicrophoneBurstsEveryTwoSeconds(List<WebmAudio.Window> windows, String timeline) {
        List<int[]> runs = new ArrayList<>(); // {first window, length, hasTone}
        int start = 0;
        for (int i = 1; i <= windows.size(); i++) {
            if (i == windows.size() || hasMicTone(windows.get(i)) != hasMicTone(windows.get(start))) {
                runs.add(new int[] {start, i - start, hasMicTone(windows.get(start)) ? 1 : 0});
                start = i;
            }
        }
        // Runs touching either end of the file are cut by the recording, not by the WAV.
        List<int[]> whole = runs.subList(1, Math.max(1, runs.size() - 1));
        long bursts = whole.stream().filter(r -> r[2] == 1).count();
        assertTrue(bursts >= 2, "at least two whole 440 Hz bursts in 6 s: " + timeline);
        for (int[] run : whole) {
            assertTrue(run[1] >= 6 && run[1] <= 14, (run[2] == 1 ? "burst" : "gap") + " of " + run[1] * WINDOW_MILLIS
                    + " ms at " + run[0] * WINDOW_MILLIS / 1000.0 + " s, expected about 1 s: " + timeline);
        }
    }

    private static boolean hasPeerTone(WebmAudio.Window w) {
        return w.rms() > 0.02 && w.powerB() > 0.2 * Math.max(w.powerA(), 1e-9) && w.powerB() > 1.0;
    }

    private static boolean hasMicTone(WebmAudio.Window w) {
        return w.rms() > 0.02 && w.powerA() > 0.2 * Math.max(w.powerB(), 1e-9) && w.powerA() > 1.0;
    }

    private static String timeline(List<WebmAudio.Window> windows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) {
            WebmAudio.Window w = windows.get(i);
            boolean mic = hasMicTone(w);
            boolean peer = hasPeerTone(w);
            s.append(mic && peer ? 'b' : mic ? 'm' : peer ? 'p' : '.');
            if (i % 10 == 9) {
                s.append(' ');
            }
        }
        return s.toString();
    }

    private static void sleepUntil(long startNanos, double seconds) throws InterruptedException {
        long wait = startNanos + (long) (seconds * 1e9) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Offer from Chromium, answer from the endpoint, trickle ICE both ways until connected. */
    static void negotiate(BrowserPeer browser, WebRtcEndpoint webrtc) throws Exception {
        BlockingQueue<IceCandidate> toBrowser = new LinkedBlockingQueue<>();
        webrtc.addIceCandidateFoundListener(e -> toBrowser.add(e.getCandidate()));
        CountDownLatch connected = new CountDownLatch(1);
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == org.kurento.client.ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        assertEquals("stable", browser.acceptAnswer(webrtc.processOffer(browser.offer(false))));
        webrtc.gatherCandidates();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (connected.getCount() > 0 && System.nanoTime() < deadline) {
            IceCandidate local;
            while ((local = toBrowser.poll()) != null) {
                browser.addCandidate(local.getCandidate(), local.getSdpMid(), local.getSdpMLineIndex());
            }
            for (BrowserPeer.Candidate c : browser.takeCandidates()) {
                webrtc.addIceCandidate(new IceCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex()));
            }
            Thread.sleep(50);
        }
        assertEquals(0, connected.getCount(), "ConnectionStateChanged CONNECTED within 20 s");
    }
}
