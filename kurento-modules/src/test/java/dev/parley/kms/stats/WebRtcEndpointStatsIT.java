package dev.parley.kms.stats;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.parley.kms.support.TestServer;
import dev.parley.kms.testing.BrowserPeer;
import dev.parley.kms.testing.SoxTone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.ConnectionState;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.RTCOutboundRTPStreamStats;
import org.kurento.client.Stats;
import org.kurento.client.StatsType;
import org.kurento.client.WebRtcEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * getStats of a WebRtcEndpoint after a real call: headless Chromium sends its fake microphone for
 * about 5 s to an endpoint that echoes it, then stops; the endpoint's inbound and outbound stream
 * stats must match what Chromium's own getStats says it sent and received.
 */
class WebRtcEndpointStatsIT {
    private static final int CALL_MILLIS = 5_000;
    /** Packets may still be in flight or in a jitter buffer when either side is read. */
    private static final int PACKET_TOLERANCE = 3;
    private static TestServer server;
    private static KurentoClient kurento;
    private static Path microphone;

    @BeforeAll
    static void start() throws Exception {
        microphone = SoxTone.wav(440, 60);
        server = TestServer.start();
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        Files.deleteIfExists(microphone);
    }

    @Test
    void kmsInboundAndOutboundStatsMatchWhatChromiumSaysItSentAndReceived() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (BrowserPeer browser = BrowserPeer.launch(microphone)) {
            WebRtcEndpoint webrtc = new WebRtcEndpoint.Builder(pipeline).build();
            webrtc.connect(webrtc, MediaType.AUDIO);
            CountDownLatch flowing = new CountDownLatch(1);
            webrtc.addMediaFlowOutStateChangedListener(e -> {
                if (e.getState() == MediaFlowState.FLOWING) {
                    flowing.countDown();
                }
            });
            String[] offerAndAnswer = negotiate(browser, webrtc);
            assertTrue(flowing.await(15, TimeUnit.SECONDS), "Chromium's audio reaches the endpoint");
            Thread.sleep(CALL_MILLIS);

            // Chromium stops sending; the echo stops with it. Then both sides are quiet and comparable.
            browser.evaluate("Promise.all(pc.getSenders().map(s => s.replaceTrack(null))).then(() => 'stopped')");
            Thread.sleep(1500);
            JsonObject chromium = JsonParser.parseString(browser.evaluate(CHROMIUM_STATS)).getAsJsonObject();
            Map<String, Stats> report = webrtc.getStats(MediaType.AUDIO);

            RTCInboundRTPStreamStats in = only(report, RTCInboundRTPStreamStats.class);
            RTCOutboundRTPStreamStats out = only(report, RTCOutboundRTPStreamStats.class);
            JsonObject sent = chromium.getAsJsonObject("outbound");
            JsonObject heard = chromium.getAsJsonObject("inbound");
            String numbers = "endpoint in " + in.getPacketsReceived() + " pkts/" + in.getBytesReceived()
                    + " B, out " + out.getPacketsSent() + " pkts/" + out.getBytesSent() + " B; Chromium " + chromium;
            System.out.println("WebRtcEndpointStatsIT: " + numbers);

            assertEquals(StatsType.inboundrtp, in.getType());
            assertEquals(sent.get("ssrc").getAsString(), in.getSsrc(), "the stream Chromium sent: " + numbers);
            assertTrue(sent.get("packetsSent").getAsLong() > CALL_MILLIS / 20 * 9 / 10, "a ~5 s call: " + numbers);
            assertTrue(Math.abs(in.getPacketsReceived() - sent.get("packetsSent").getAsLong()) <= PACKET_TOLERANCE, numbers);
            long chromiumBytes = sent.get("bytesSent").getAsLong();
            assertTrue(Math.abs(in.getBytesReceived() - chromiumBytes) <= chromiumBytes / 50, "payload bytes: " + numbers);
            assertTrue(in.getJitter() >= 0 && in.getJitter() < 0.1, "jitter in seconds: " + in.getJitter());
            // -1 without loss: GStreamer counts the first packet as received but expects from the
            // second one on (probation), and KMS passes its receiver report's figure on as is.
            assertTrue(in.getPacketsLost() >= -1 && in.getPacketsLost() <= PACKET_TOLERANCE, "no loss on loopback: " + in.getPacketsLost());

            assertEquals(StatsType.outboundrtp, out.getType());
            assertEquals(heard.get("ssrc").getAsString(), out.getSsrc(), "the stream Chromium received: " + numbers);
            // Like KMS, the answer declares the SSRC the endpoint sends from, and its own origin line.
            String answer = offerAndAnswer[1];
            assertTrue(answer.contains("a=ssrc:" + heard.get("ssrc").getAsString() + " cname:"), "the answer declares the SSRC Chromium received: " + answer);
            assertTrue(answer.contains("a=msid:"), answer);
            assertTrue(!originOf(answer).equals(originOf(offerAndAnswer[0])), "the answer's own o= line: " + answer);
            assertTrue(!answer.contains("transport-cc"), "no transport-wide feedback claimed: " + answer);
            assertTrue(Math.abs(out.getPacketsSent() - heard.get("packetsReceived").getAsLong()) <= PACKET_TOLERANCE, numbers);
            assertTrue(out.getRoundTripTime() >= 0 && out.getRoundTripTime() < 1, "round trip " + out.getRoundTripTime());
            assertEquals(report.keySet(), webrtc.getStats().keySet(), "no media type: the same audio streams");
            assertEquals(Map.of(), webrtc.getStats(MediaType.VIDEO));
        } finally {
            pipeline.release();
        }
    }

    /** Chromium's own view: its audio outbound-rtp and inbound-rtp. */
    private static final String CHROMIUM_STATS = """
            pc.getStats().then(stats => {
              const out = {};
              stats.forEach(s => {
                if (s.kind === 'audio' && s.type === 'outbound-rtp') {
                  out.outbound = {ssrc: String(s.ssrc), packetsSent: s.packetsSent, bytesSent: s.bytesSent};
                } else if (s.kind === 'audio' && s.type === 'inbound-rtp') {
                  out.inbound = {ssrc: String(s.ssrc), packetsReceived: s.packetsReceived, bytesReceived: s.bytesReceived,
                                 packetsLost: s.packetsLost};
                }
              });
              return JSON.stringify(out);
            })""";

    private static <T extends Stats> T only(Map<String, Stats> report, Class<T> type) {
        List<T> matching = report.values().stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, matching.size(), "one " + type.getSimpleName() + ": " + report);
        return matching.get(0);
    }

    private static String originOf(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElse("");
    }

    /** Offer from Chromium, answer from the endpoint, trickle ICE both ways until connected; returns both descriptions. */
    private static String[] negotiate(BrowserPeer browser, WebRtcEndpoint webrtc) throws Exception {
        BlockingQueue<IceCandidate> toBrowser = new LinkedBlockingQueue<>();
        webrtc.addIceCandidateFoundListener(e -> toBrowser.add(e.getCandidate()));
        CountDownLatch connected = new CountDownLatch(1);
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        String offer = browser.offer(false);
        String answer = webrtc.processOffer(offer);
        assertEquals("stable", browser.acceptAnswer(answer));
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
        return new String[] {offer, answer};
    }
}
