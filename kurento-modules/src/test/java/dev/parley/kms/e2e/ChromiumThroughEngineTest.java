package dev.parley.kms.e2e;

import dev.parley.kms.gst.GstEngineConfig;
import dev.parley.kms.gst.GstMediaEngine;
import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;
import dev.parley.kms.testing.BrowserPeer;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.SoxTone;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headless Chromium ⇄ WebRtcEndpoint ⇄ RtpEndpoint ⇄ Java RTP peer, on the media engine directly
 * (no protocol server): the browser's 440 Hz microphone reaches the peer, the peer's 660 Hz
 * reaches the browser's WebAudio analyser.
 */
class ChromiumThroughEngineTest {
    private static final int MIC_HZ = 440;
    private static final int PEER_HZ = 660;

    @Test
    void chromiumAndAnRtpPeerHearEachOtherThroughWebRtcAndRtpEndpoints() throws Exception {
        Path wav = SoxTone.wav(MIC_HZ, 60);
        try (GstMediaEngine engine = new GstMediaEngine(new GstEngineConfig(List.of(), 31000, 31999, "", 3478, ""));
             RtpPeer peer = new RtpPeer();
             BrowserPeer browser = BrowserPeer.launch(wav)) {
            PipelineMedia pipeline = engine.createPipeline("p");
            MediaEventLog webrtcEvents = new MediaEventLog();
            BlockingQueue<String[]> toBrowser = new LinkedBlockingQueue<>();
            webrtcEvents.trickle = toBrowser::add;
            WebRtcMedia webrtc = pipeline.createWebRtcEndpoint("p/webrtc", WebRtcOptions.defaults(), webrtcEvents);
            RtpMedia rtp = pipeline.createRtpEndpoint("p/rtp", RtpOptions.defaults(), new MediaEventLog());
            webrtc.linkAudio(rtp);
            rtp.linkAudio(webrtc);
            peer.remoteDescription(rtp.processOffer(peer.offer()));

            String offer = browser.offer(true);
            long t0 = System.nanoTime();
            String answer = webrtc.processOffer(offer);
            long answered = System.nanoTime();
            assertTrue(answer.contains("a=setup:active"), answer);
            // Every offered codec the engine carries, Chromium's numbers, Chromium's order: Opus, then PCMU.
            assertTrue(answer.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n"), "Opus and PCMU with Chromium's numbers: " + answer);
            assertTrue(answer.matches("(?s).*m=video 0 .*"), "video rejected: " + answer);
            assertEquals("stable", browser.acceptAnswer(answer));
            webrtc.gatherCandidates();

            long connectDeadline = System.nanoTime() + 20_000_000_000L;
            while (!webrtcEvents.lines.contains("connectionState true") && System.nanoTime() < connectDeadline) {
                exchangeCandidates(browser, webrtc, toBrowser);
                Thread.sleep(50);
            }
            exchangeCandidates(browser, webrtc, toBrowser);
            long connected = System.nanoTime();
            assertTrue(webrtcEvents.lines.contains("connectionState true"), webrtcEvents.lines.toString());

            // Browser → engine → RTP peer: the microphone's tone, decoded from PCMU.
            assertTrue(webrtcEvents.await("flowOut true"::equals, 10_000), webrtcEvents.lines.toString());
            Thread.sleep(500);
            peer.clearHeard();
            Thread.sleep(2000);
            double[] heard = peer.heard();
            assertTrue(heard.length > RtpPeer.RATE, "peer heard " + heard.length + " samples");
            assertTrue(Tones.rms(heard) > 0.05, "peer heard a real signal, rms " + Tones.rms(heard));
            assertEquals(MIC_HZ, Tones.dominantFrequency(heard, RtpPeer.RATE, 100, 3000, 1), 3);

            // RTP peer → engine → browser: the analyser's loudest frequency. The peer starts only
            // now, so the time until the analyser hears it bounds the one-way latency from above
            // (printed, not asserted: it includes Chromium's initial jitter-buffer fill and a 20 ms poll).
            peer.sendTone(PEER_HZ);
            BrowserPeer.Heard inBrowser = browser.awaitHearing(PEER_HZ, Duration.ofSeconds(10), Duration.ofMillis(20));
            long heardAt = System.nanoTime();
            assertEquals(PEER_HZ, inBrowser.hz(), 12, "browser hears the peer: " + inBrowser);
            assertTrue(inBrowser.db() > -60, "browser hears it loudly: " + inBrowser);
            System.out.printf("processOffer %d ms, ICE+DTLS connected %d ms after the answer; peer got %d packets; "
                            + "peer's first packet -> heard in Chromium %d ms; browser %s; stats %s%n",
                    (answered - t0) / 1_000_000, (connected - answered) / 1_000_000, peer.packetsReceived(),
                    (heardAt - peer.firstSentNanos()) / 1_000_000, inBrowser, browser.inboundAudioStats());
            pipeline.close();
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    private static void exchangeCandidates(BrowserPeer browser, WebRtcMedia webrtc, BlockingQueue<String[]> toBrowser) throws Exception {
        String[] local;
        while ((local = toBrowser.poll()) != null) {
            browser.addCandidate(local[0], local[1], Integer.parseInt(local[2]));
        }
        for (BrowserPeer.Candidate c : browser.takeCandidates()) {
            webrtc.addIceCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex());
        }
    }
}
