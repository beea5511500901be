package dev.parley.kms.protocol;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.ElementConnectedEvent;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.ElementDisconnectedEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.parley.kms.support.KmsErrors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** connect/disconnect and the connection tables (kurento-behaviour §3.1). */
class ConnectionTablesIT {
    private static TestServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void plainConnectFiresThreeElementConnectedEventsLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint source = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint sink = new RtpEndpoint.Builder(pipeline).build();
        List<ElementConnectedEvent> events = new CopyOnWriteArrayList<>();
        source.addElementConnectedListener(events::add);

        source.connect(sink);

        assertTrue(Eventually.holds(() -> events.size() == 3, 5000), "events: " + events.size());
        assertEquals(Set.of(MediaType.AUDIO, MediaType.VIDEO, MediaType.DATA),
                events.stream().map(ElementConnectedEvent::getMediaType).collect(Collectors.toSet()));
        assertTrue(events.stream().allMatch(e -> e.getSink().getId().equals(sink.getId())
                && e.getSourceMediaDescription().equals("default") && e.getSinkMediaDescription().equals("default")));
        List<ElementConnectionData> sinks = source.getSinkConnections();
        assertEquals(3, sinks.size());
        List<ElementConnectionData> feeding = sink.getSourceConnections(MediaType.AUDIO);
        assertEquals(1, feeding.size());
        assertEquals(source.getId(), feeding.get(0).getSource().getId());
        assertEquals(sink.getId(), feeding.get(0).getSink().getId());
        assertEquals(MediaType.AUDIO, feeding.get(0).getType());
        Thread.sleep(200);
        assertEquals(3, events.size(), "no further events");
        pipeline.release();
    }

    @Test
    void newSourceReplacesTheOldOneOnTheSameSinkSlotLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough first = new PassThrough.Builder(pipeline).build();
        PassThrough second = new PassThrough.Builder(pipeline).build();
        RtpEndpoint sink = new RtpEndpoint.Builder(pipeline).build();
        List<ElementDisconnectedEvent> dropped = new CopyOnWriteArrayList<>();
        first.addElementDisconnectedListener(dropped::add);

        first.connect(sink, MediaType.AUDIO);
        second.connect(sink, MediaType.AUDIO);

        assertTrue(Eventually.holds(() -> dropped.size() == 1, 5000));
        assertEquals(MediaType.AUDIO, dropped.get(0).getMediaType());
        assertEquals(sink.getId(), dropped.get(0).getSink().getId());
        List<ElementConnectionData> feeding = sink.getSourceConnections();
        assertEquals(1, feeding.size());
        assertEquals(second.getId(), feeding.get(0).getSource().getId());
        assertTrue(first.getSinkConnections().isEmpty());
        pipeline.release();
    }

    @Test
    void aSourceMayFeedManySinksLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint source = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint a = new RtpEndpoint.Builder(pipeline).build();
        RtpEndpoint b = new RtpEndpoint.Builder(pipeline).build();

        source.connect(a, MediaType.AUDIO);
        source.connect(b, MediaType.AUDIO);

        assertEquals(2, source.getSinkConnections(MediaType.AUDIO).size());
        assertEquals(0, source.getSinkConnections(MediaType.VIDEO).size());
        pipeline.release();
    }

    @Test
    void connectAcrossPipelinesIsRefusedWith40004LikeKms() {
        MediaPipeline one = kurento.createMediaPipeline();
        MediaPipeline two = kurento.createMediaPipeline();
        WebRtcEndpoint a = new WebRtcEndpoint.Builder(one).build();
        WebRtcEndpoint b = new WebRtcEndpoint.Builder(two).build();

        assertKmsError(40004, "CONNECT_ERROR", () -> a.connect(b));
        one.release();
        two.release();
    }

    @Test
    void disconnectingAnUnconnectedPairStillReportsElementDisconnectedLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint a = new RtpEndpoint.Builder(pipeline).build();
        RtpEndpoint b = new RtpEndpoint.Builder(pipeline).build();
        List<ElementDisconnectedEvent> events = new CopyOnWriteArrayList<>();
        a.addElementDisconnectedListener(events::add);

        a.disconnect(b, MediaType.AUDIO);

        assertTrue(Eventually.holds(() -> events.size() == 1, 5000));
        pipeline.release();
    }

    @Test
    void disconnectRemovesAllThreeConnectionsLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        webRtc.connect(rtp);
        rtp.connect(webRtc);

        webRtc.disconnect(rtp);

        assertTrue(webRtc.getSinkConnections().isEmpty());
        assertEquals(3, rtp.getSinkConnections().size(), "the other direction stays");
        assertEquals(3, webRtc.getSourceConnections().size());
        pipeline.release();
    }

    @Test
    void anEndpointMayBeConnectedToItselfLikeKmsLoopback() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();

        webRtc.connect(webRtc);

        assertEquals(webRtc.getId(), webRtc.getSourceConnections(MediaType.AUDIO).get(0).getSource().getId());
        pipeline.release();
    }

    @Test
    void releasingAnElementDisconnectsItOnBothSidesLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough upstream = new PassThrough.Builder(pipeline).build();
        PassThrough middle = new PassThrough.Builder(pipeline).build();
        PassThrough downstream = new PassThrough.Builder(pipeline).build();
        upstream.connect(middle);
        middle.connect(downstream);
        List<ElementDisconnectedEvent> upstreamEvents = new CopyOnWriteArrayList<>();
        upstream.addElementDisconnectedListener(upstreamEvents::add);

        middle.release();

        assertTrue(upstream.getSinkConnections().isEmpty());
        assertTrue(downstream.getSourceConnections().isEmpty());
        assertTrue(Eventually.holds(() -> upstreamEvents.size() == 3, 5000));
        pipeline.release();
    }

    @Test
    void mediaFlowStateIsFalseBeforeMediaAndDataIsRefusedWith40107LikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();

        assertFalse(webRtc.isMediaFlowingIn(MediaType.AUDIO));
        assertFalse(webRtc.isMediaFlowingOut(MediaType.VIDEO));
        assertKmsError(40107, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR", () -> webRtc.isMediaFlowingIn(MediaType.DATA));
        assertKmsError(40107, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR", () -> webRtc.isMediaFlowingOut(MediaType.DATA));
        pipeline.release();
    }
}
