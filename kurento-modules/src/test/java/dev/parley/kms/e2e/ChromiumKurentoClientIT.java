package dev.parley.kms.e2e;

import dev.parley.kms.gst.GstEngineConfig;
import dev.parley.kms.gst.GstMediaEngine;
import dev.parley.kms.support.TestServer;
import dev.parley.kms.testing.BrowserPeer;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.SoxTone;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end checks, driven only through org.kurento:kurento-client against the real
 * server: headless Chromium with a 440 Hz fake microphone, a Java RTP peer sending 660 Hz.
 */
class ChromiumKurentoClientIT {
    private static final int MIC_HZ = 440;
    private static final int PEER_HZ = 660;
    private static TestServer server;
    private static KurentoClient kurento;
    private static Path microphone;

    @BeforeAll
    static void start() throws Exception {
        microphone = SoxTone.wav(MIC_HZ, 60);
        // The shipped engine with default settings (the server owns and closes it).
        server = TestServer.start(new GstMediaEngine(GstEngineConfig.defaults()));
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        Files.deleteIfExists(microphone);
    }

    @Test
    void chromiumAndAnRtpPeerHearEachOtherThroughWebRtcAndRtpEndpoints() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer peer = new RtpPeer(); BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
            webrtc.connect(rtp);
            rtp.connect(webrtc);
            CountDownLatch browserAudioFlows = new CountDownLatch(1);
            webrtc.addMediaFlowOutStateChangedListener(e -> {
                if (e.getState() == MediaFlowState.FLOWING) {
                    browserAudioFlows.countDown();
                }
            });
            peer.remoteDescription(rtp.processOffer(peer.offer()));
            peer.sendTone(PEER_HZ);

            negotiate(browser, webrtc);

            assertTrue(browserAudioFlows.await(15, TimeUnit.SECONDS), "MediaFlowOut FLOWING on the WebRtcEndpoint");
            Thread.sleep(500);
            peer.clearHeard();
            Thread.sleep(2000);
            double[] heard = peer.heard();
            assertTrue(heard.length > RtpPeer.RATE, "peer heard " + heard.length + " samples");
            assertTrue(Tones.rms(heard) > 0.05, "peer heard a real signal, rms " + Tones.rms(heard));
            assertEquals(MIC_HZ, Tones.dominantFrequency(heard, RtpPeer.RATE, 100, 3000, 1), 3, "the peer hears the microphone");

            BrowserPeer.Heard inBrowser = browser.awaitHearing(PEER_HZ, Duration.ofSeconds(10));
            assertEquals(PEER_HZ, inBrowser.hz(), 12, "Chromium hears the peer: " + inBrowser);
            assertTrue(inBrowser.db() > -60, "Chromium hears it loudly: " + inBrowser);
            assertTrue(webrtc.isMediaFlowingOut(org.kurento.client.MediaType.AUDIO));
            assertTrue(rtp.isMediaFlowingIn(org.kurento.client.MediaType.AUDIO));
        } finally {
            pipeline.release();
        }
    }

    @Test
    void aWebRtcEndpointConnectedToItselfEchoesChromiumsAudio() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            webrtc.connect(webrtc);
            negotiate(browser, webrtc);

            BrowserPeer.Heard echo = browser.awaitHearing(MIC_HZ, Duration.ofSeconds(15));
            assertEquals(MIC_HZ, echo.hz(), 12, "Chromium hears its own microphone back: " + echo);
            assertTrue(echo.db() > -60, "the echo is loud: " + echo);
        } finally {
            pipeline.release();
        }
    }

    /**
     * KMS answers every offered codec it supports (opus and PCMU of Chromium's offer), so a peer may
     * send any of them: here Chromium is made to prefer PCMU (its copy of the answer lists PCMU
     * first), sends PCMU, and still hears itself back (decoded as PCMU, sent back as opus).
     */
    @Test
    void anAnswerKeepsEveryOfferedCodecItSupportsAndAPeerSendingTheSecondIsHeardLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            webrtc.connect(webrtc);
            BlockingQueue<IceCandidate> toBrowser = trickleQueue(webrtc);
            CountDownLatch connected = watchConnection(webrtc);
            String answer = webrtc.processOffer(browser.offer(false));
            java.util.regex.Matcher audio = java.util.regex.Pattern.compile("m=audio (\\d+) (\\S+) ([0-9 ]+)\r\n").matcher(answer);
            assertTrue(audio.find(), answer);
            List<String> formats = List.of(audio.group(3).trim().split(" "));
            assertEquals(List.of("111", "0"), formats, "opus (as Chromium numbered it) then PCMU: " + answer);
            assertTrue(answer.contains("a=rtpmap:111 OPUS/48000/2") && answer.contains("a=rtpmap:0 PCMU/8000"), answer);

            String pcmuFirst = answer.replace(audio.group(0), "m=audio " + audio.group(1) + " " + audio.group(2) + " 0 111\r\n");
            assertEquals("stable", browser.acceptAnswer(pcmuFirst));
            webrtc.gatherCandidates();
            trickleUntilConnected(browser, webrtc, toBrowser, connected);

            BrowserPeer.Heard echo = browser.awaitHearing(MIC_HZ, Duration.ofSeconds(15));
            assertEquals(MIC_HZ, echo.hz(), 12, "Chromium hears its own microphone back: " + echo);
            assertTrue(echo.db() > -60, "the echo is loud: " + echo);
            assertEquals("audio/PCMU", browser.evaluate("(async () => { const stats = await pc.getStats(); let sent = '';"
                    + " stats.forEach(r => { if (r.type === 'outbound-rtp' && r.kind === 'audio' && stats.get(r.codecId))"
                    + " sent = stats.get(r.codecId).mimeType; }); return sent; })()"), "Chromium really sent PCMU");
        } finally {
            pipeline.release();
        }
    }

    @Test
    void anEndpointOfferWithADisabledVideoLineIsAnsweredByChromiumAndEchoes() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            webrtc.connect(webrtc);
            CountDownLatch connected = watchConnection(webrtc);
            BlockingQueue<IceCandidate> toBrowser = trickleQueue(webrtc);
            String offer = webrtc.generateOffer();
            String answer = browser.answer(offer);
            assertTrue(answer.contains("a=setup:active") || answer.contains("a=setup:passive"), answer);
            assertTrue(answer.matches("(?s).*m=video 0 .*"), "Chromium rejects the disabled video m-line: " + answer);
            assertEquals(offer, webrtc.processAnswer(answer), "processAnswer returns the local SDP");
            webrtc.gatherCandidates();
            trickleUntilConnected(browser, webrtc, toBrowser, connected);

            BrowserPeer.Heard echo = browser.awaitHearing(MIC_HZ, Duration.ofSeconds(15));
            assertEquals(MIC_HZ, echo.hz(), 12, "Chromium hears its own microphone back: " + echo);
            assertTrue(echo.db() > -60, "the echo is loud: " + echo);
        } finally {
            pipeline.release();
        }
    }

    private static CountDownLatch watchConnection(WebRtcEndpoint webrtc) {
        CountDownLatch connected = new CountDownLatch(1);
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == org.kurento.client.ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        return connected;
    }

    private static BlockingQueue<IceCandidate> trickleQueue(WebRtcEndpoint webrtc) {
        BlockingQueue<IceCandidate> toBrowser = new LinkedBlockingQueue<>();
        webrtc.addIceCandidateFoundListener(e -> toBrowser.add(e.getCandidate()));
        return toBrowser;
    }

    /** Offer from Chromium, answer from the endpoint, trickle ICE both ways until the endpoint is connected. */
    private static void negotiate(BrowserPeer browser, WebRtcEndpoint webrtc) throws Exception {
        BlockingQueue<IceCandidate> toBrowser = trickleQueue(webrtc);
        CountDownLatch connected = watchConnection(webrtc);
        String answer = webrtc.processOffer(browser.offer(true));
        assertTrue(answer.contains("a=setup:active"), answer);
        assertTrue(answer.matches("(?s).*m=video 0 .*"), "video rejected: " + answer);
        assertEquals("stable", browser.acceptAnswer(answer));
        webrtc.gatherCandidates();
        trickleUntilConnected(browser, webrtc, toBrowser, connected);
    }

    /** Trickles candidates both ways until the endpoint reports CONNECTED (20 s at most). */
    private static void trickleUntilConnected(BrowserPeer browser, WebRtcEndpoint webrtc, BlockingQueue<IceCandidate> toBrowser,
                                              CountDownLatch connected) throws Exception {
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
