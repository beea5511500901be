package dev.parley.kms.protocol;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.NoMediaEngine;
import dev.parley.kms.support.Sdps;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaFlowInStateChangedEvent;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaStateChangedEvent;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the protocol layer asks of the media engine, checked against a recording test engine:
 * only audio reaches the engine, ICE settings are applied before gathering and negotiation, and
 * engine reports become Kurento events only on real transitions.
 */
class EngineContractIT {
    private static NoMediaEngine engine;
    private static TestServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() {
        engine = new NoMediaEngine();
        server = TestServer.start(engine);
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void forgetCalls() {
        engine.calls.clear();
    }

    @Test
    void onlyAudioConnectionsReachTheEngine() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough a = new PassThrough.Builder(pipeline).build();
        PassThrough b = new PassThrough.Builder(pipeline).build();

        a.connect(b);
        a.connect(b, MediaType.VIDEO);
        a.disconnect(b, MediaType.DATA);
        a.disconnect(b);

        assertEquals(List.of("link " + a.getId() + " " + b.getId(), "unlink " + a.getId() + " " + b.getId()), engine.calls);
        pipeline.release();
    }

    @Test
    void replacingASourceUnlinksTheOldOneBeforeLinkingTheNew() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough first = new PassThrough.Builder(pipeline).build();
        PassThrough second = new PassThrough.Builder(pipeline).build();
        PassThrough sink = new PassThrough.Builder(pipeline).build();

        first.connect(sink, MediaType.AUDIO);
        second.connect(sink, MediaType.AUDIO);

        assertEquals(List.of("link " + first.getId() + " " + sink.getId(), "unlink " + first.getId() + " " + sink.getId(),
                "link " + second.getId() + " " + sink.getId()), engine.calls);
        pipeline.release();
    }

    @Test
    void releasingAPipelineUnlinksAndClosesEveryEngineElement() {
        int before = engine.openElements.get();
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        webRtc.connect(rtp);
        rtp.connect(webRtc);

        pipeline.release();

        assertEquals(before, engine.openElements.get());
        assertTrue(engine.calls.contains("unlink " + webRtc.getId() + " " + rtp.getId()), engine.calls.toString());
        assertTrue(engine.calls.contains("unlink " + rtp.getId() + " " + webRtc.getId()), engine.calls.toString());
        assertTrue(engine.calls.contains("close " + webRtc.getId()));
        assertTrue(engine.calls.contains("close " + rtp.getId()));
    }

    @Test
    void iceSettingsReachTheEngineBeforeGatheringAndNegotiation() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        webRtc.setStunServerAddress("127.0.0.1");
        webRtc.setStunServerPort(3479);
        webRtc.setTurnUrl("user:pw@127.0.0.1:3478");
        webRtc.setExternalIPv4("198.51.100.9");

        webRtc.gatherCandidates();
        webRtc.generateOffer();

        List<String> ice = engine.calls.stream().filter(c -> c.startsWith("ice " + webRtc.getId())).toList();
        assertEquals(1, ice.size(), "applied once, not again while unchanged: " + ice);
        String applied = ice.get(0);
        assertTrue(applied.contains("stunServerAddress=127.0.0.1") && applied.contains("stunServerPort=3479")
                && applied.contains("turnUrl=user:pw@127.0.0.1:3478") && applied.contains("externalIPv4=198.51.100.9"), applied);
        pipeline.release();
    }

    @Test
    void engineErrorsBecomeKurentoErrorEventsLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        List<org.kurento.client.ErrorEvent> errors = new CopyOnWriteArrayList<>();
        rtp.addErrorListener(errors::add);

        engine.sinks.get(rtp.getId()).error("STREAM_ERROR_DECODE", 7, "undecodable RTP payload");

        assertTrue(Eventually.holds(() -> errors.size() == 1, 5000));
        assertEquals("STREAM_ERROR_DECODE", errors.get(0).getType());
        assertEquals(7, errors.get(0).getErrorCode());
        assertEquals("undecodable RTP payload", errors.get(0).getDescription());
        pipeline.release();
    }

    @Test
    void engineFlowReportsBecomeEventsOnlyOnTransitions() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        rtp.processOffer(Sdps.rtpAudioOffer(5004));
        List<MediaFlowInStateChangedEvent> flow = new CopyOnWriteArrayList<>();
        List<MediaStateChangedEvent> media = new CopyOnWriteArrayList<>();
        rtp.addMediaFlowInStateChangedListener(flow::add);
        rtp.addMediaStateChangedListener(media::add);
        var sink = engine.sinks.get(rtp.getId());

        sink.mediaFlowIn(true);
        sink.mediaFlowIn(true);
        sink.mediaStateChanged(true);
        sink.mediaStateChanged(true);
        // The Java client may hand events to listeners on several threads: wait before the next transition.
        assertTrue(Eventually.holds(() -> flow.size() == 1 && media.size() == 1, 5000), flow + " " + media);
        sink.mediaFlowIn(false);

        assertTrue(Eventually.holds(() -> flow.size() == 2, 5000), flow.toString());
        Thread.sleep(100);
        assertEquals(2, flow.size(), "repeated reports sent no extra events");
        assertEquals(1, media.size(), "repeated reports sent no extra events");
        assertEquals(MediaFlowState.FLOWING, flow.get(0).getState());
        assertEquals("default", flow.get(0).getPadName());
        assertEquals(MediaType.AUDIO, flow.get(0).getMediaType());
        assertEquals(MediaFlowState.NOT_FLOWING, flow.get(1).getState());
        assertEquals(org.kurento.client.MediaState.CONNECTED, media.get(0).getNewState());
        assertEquals(org.kurento.client.MediaState.DISCONNECTED, media.get(0).getOldState());
        assertFalse(rtp.isMediaFlowingIn(MediaType.AUDIO));
        assertEquals(org.kurento.client.MediaState.CONNECTED, rtp.getMediaState());
        pipeline.release();
    }
}
