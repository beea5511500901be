package dev.parley.kms.gst;

import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaException;
import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.TurnServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebRtcEndpoint ICE rules (kurento-behaviour §3.4) and SDP edge cases, on real webrtcbin. */
class GstWebRtcIceTest {
    private static GstMediaEngine engine;
    private PipelineMedia pipeline;

    @BeforeAll
    static void startEngine() {
        engine = new GstMediaEngine(GstEngineConfig.defaults());
    }

    @BeforeEach
    void createPipeline() {
        pipeline = engine.createPipeline("p");
    }

    @AfterEach
    void releasePipeline() {
        pipeline.close();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void earlyCandidatesAreQueuedEmptyOnesIgnoredAndMissingMLinesRefusedWith40401() {
        WebRtcMedia offerer = pipeline.createWebRtcEndpoint("p/a", WebRtcOptions.defaults(), new MediaEventLog());
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/b", WebRtcOptions.defaults(), new MediaEventLog());
        answerer.addIceCandidate("candidate:1 1 UDP 2015363327 127.0.0.1 9 typ host", "audio0", 0);
        answerer.addIceCandidate("", "audio0", 0);
        String answer = answerer.processOffer(offerer.generateOffer(true, true));
        assertEquals(2, answer.split("\r\nm=").length - 1, "both offered m-lines answered: " + answer);
        answerer.addIceCandidate("candidate:2 1 UDP 2015363327 127.0.0.1 9 typ host", "video", 1);
        MediaException e = assertThrows(MediaException.class,
                () -> answerer.addIceCandidate("candidate:3 1 UDP 2015363327 127.0.0.1 9 typ host", "x", 2));
        assertEquals(40401, e.code());
        assertEquals("ICE_ADD_CANDIDATE_ERROR", e.type());
    }

    @Test
    void garbageOffersAre40201AndTheEndpointStillNegotiatesAfterwards() {
        WebRtcMedia offerer = pipeline.createWebRtcEndpoint("p/a", WebRtcOptions.defaults(), new MediaEventLog());
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/b", WebRtcOptions.defaults(), new MediaEventLog());
        for (String garbage : new String[] {"", "hello", "x=1\r\nm=audio", "v=0\r\nm=audio notaport RTP/AVP 0\r\n"}) {
            MediaException e = assertThrows(MediaException.class, () -> answerer.processOffer(garbage), garbage);
            assertEquals(40201, e.code(), garbage);
        }
        assertTrue(answerer.processOffer(offerer.generateOffer(true, false)).contains("a=setup:active"));
    }

    @Test
    void recvonlyEndpointsOfferRecvonlyAudioAndVideoOnlyOffersAreAnsweredRejected() {
        WebRtcMedia recvonly = pipeline.createWebRtcEndpoint("p/r", new WebRtcOptions(true, false), new MediaEventLog());
        assertTrue(recvonly.generateOffer(true, false).contains("a=recvonly"));
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/b", WebRtcOptions.defaults(), new MediaEventLog());
        String videoOnly = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n"
                + "a=rtpmap:97 H264/90000\r\na=sendrecv\r\n";
        String answer = answerer.processOffer(videoOnly);
        assertTrue(answer.contains("m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"), answer);
        assertTrue(answer.contains("a=mid:0"), answer);
    }

    @Test
    void externalIPv4ReplacesHostCandidateAddresses() throws Exception {
        MediaEventLog events = new MediaEventLog();
        WebRtcMedia offerer = pipeline.createWebRtcEndpoint("p/a", WebRtcOptions.defaults(), new MediaEventLog());
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/b", WebRtcOptions.defaults(), events);
        answerer.applyIceSettings(new IceSettings("", 3478, "", "203.0.113.7", "", "", false));
        answerer.processOffer(offerer.generateOffer(true, false));
        answerer.gatherCandidates();
        assertTrue(events.await("gatheringDone"::equals, 10_000), events.lines.toString());
        assertTrue(events.candidates.stream().anyMatch(c -> c[0].contains(" 203.0.113.7 ") && c[0].contains("typ host")), events.lines.toString());
        assertTrue(events.candidates.stream().noneMatch(c -> c[0].contains(" 127.0.0.1 ")), events.lines.toString());
    }

    @Test
    void aTurnServerGivesRelayCandidates() throws Exception {
        try (TurnServer turn = TurnServer.start("parley", "secret")) {
            MediaEventLog events = new MediaEventLog();
            WebRtcMedia offerer = pipeline.createWebRtcEndpoint("p/a", WebRtcOptions.defaults(), new MediaEventLog());
            WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/b", WebRtcOptions.defaults(), events);
            answerer.applyIceSettings(new IceSettings("", 3478, "parley:secret@127.0.0.1:" + turn.port(), "", "", "", false));
            answerer.processOffer(offerer.generateOffer(true, false));
            answerer.gatherCandidates();
            assertTrue(events.await(l -> l.contains("typ relay"), 10_000), events.lines.toString());
        }
    }
}
