package dev.parley.kms.protocol;

import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.ServerInfo;
import org.kurento.client.Tag;
import org.kurento.client.WebRtcEndpoint;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.parley.kms.support.KmsErrors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MediaObject, MediaPipeline and ServerManager basics, seen through the official Java client. */
class ObjectModelIT {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
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
    void objectIdsNestElementsUnderTheirPipelineLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        PassThrough passThrough = new PassThrough.Builder(pipeline).build();

        assertTrue(pipeline.getId().matches(UUID + "_kurento\\.MediaPipeline"), pipeline.getId());
        assertTrue(webRtc.getId().matches(java.util.regex.Pattern.quote(pipeline.getId()) + "/" + UUID + "_kurento\\.WebRtcEndpoint"), webRtc.getId());
        assertTrue(rtp.getId().endsWith("_kurento.RtpEndpoint"));
        assertTrue(passThrough.getId().endsWith("_kurento.PassThrough"));
        pipeline.release();
    }

    @Test
    void nameDefaultsToTheIdAndCanBeChangedLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        assertEquals(pipeline.getId(), pipeline.getName());
        pipeline.setName("agent call 7");
        assertEquals("agent call 7", pipeline.getName());
        pipeline.release();
    }

    @Test
    void tagsAreStoredAndAMissingTagIs40110LikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        pipeline.addTag("room", "blue");
        pipeline.addTag("caller", "ann");
        pipeline.removeTag("never-set");
        pipeline.removeTag("caller");

        assertEquals("blue", pipeline.getTag("room"));
        List<Tag> tags = pipeline.getTags();
        assertEquals(1, tags.size());
        assertEquals("room", tags.get(0).getKey());
        assertEquals("blue", tags.get(0).getValue());
        assertKmsError(40110, "MEDIA_OBJECT_TAG_KEY_NOT_FOUND", () -> pipeline.getTag("caller"));
        pipeline.release();
    }

    @Test
    void parentChildrenAndPipelineAreReportedLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();

        assertEquals(pipeline.getId(), webRtc.getParent().getId());
        assertEquals(pipeline.getId(), webRtc.getMediaPipeline().getId());
        assertEquals(pipeline.getId(), pipeline.getMediaPipeline().getId());
        assertNull(pipeline.getParent());
        List<String> children = pipeline.getChildren().stream().map(MediaObject::getId).collect(Collectors.toList());
        assertEquals(List.of(webRtc.getId(), rtp.getId()), children);
        long now = System.currentTimeMillis() / 1000;
        assertTrue(Math.abs(now - webRtc.getCreationTime()) < 60, "creationTime is in epoch seconds");
        pipeline.release();
    }

    @Test
    void serverManagerDescribesTheServerLikeKms7() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        ServerInfo info = kurento.getServerManager().getInfo();

        assertEquals("7.1.0", info.getVersion());
        assertEquals(List.of("transactions"), info.getCapabilities());
        assertTrue(kurento.getServerManager().getPipelines().stream().anyMatch(p -> p.getId().equals(pipeline.getId())));
        assertTrue(kurento.getServerManager().getCpuCount() >= 1);
        assertTrue(kurento.getServerManager().getUsedMemory() > 0);
        assertTrue(kurento.getServerManager().getUsedCpu(50) >= 0);
        assertTrue(kurento.getServerManager().getSessions().size() >= 1);
        pipeline.release();
    }

    @Test
    void webRtcIcePropertiesReadBackEmptyWhenUnsetAndEchoWhenSetLikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();

        assertEquals("", webRtc.getStunServerAddress());
        assertEquals(3478, webRtc.getStunServerPort());
        assertEquals("", webRtc.getTurnUrl());
        assertEquals("", webRtc.getExternalIPv4());
        assertEquals("", webRtc.getExternalIPv6());
        assertEquals("", webRtc.getNetworkInterfaces());

        webRtc.setStunServerAddress("127.0.0.1");
        webRtc.setStunServerPort(3479);
        webRtc.setTurnUrl("user:secret@127.0.0.1:3478?transport=udp");
        webRtc.setExternalIPv4("198.51.100.7");
        webRtc.setNetworkInterfaces("lo");
        assertEquals("127.0.0.1", webRtc.getStunServerAddress());
        assertEquals(3479, webRtc.getStunServerPort());
        assertEquals("user:secret@127.0.0.1:3478?transport=udp", webRtc.getTurnUrl());
        assertEquals("198.51.100.7", webRtc.getExternalIPv4());
        assertEquals("lo", webRtc.getNetworkInterfaces());
        pipeline.release();
    }

    @Test
    void elementPropertiesAreStoredWithKmsDefaults() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();

        assertEquals(300000, rtp.getEncoderBitrate());
        assertEquals(0, rtp.getMaxEncoderBitrate());
        assertEquals(1200, rtp.getMtu());
        assertEquals(500, rtp.getMaxVideoSendBandwidth());
        assertEquals(100, rtp.getMinVideoSendBandwidth());
        assertEquals(org.kurento.client.MediaState.DISCONNECTED, rtp.getMediaState());
        assertEquals(org.kurento.client.ConnectionState.DISCONNECTED, rtp.getConnectionState());
        rtp.setEncoderBitrate(64000);
        rtp.setMtu(1000);
        rtp.setMaxAudioRecvBandwidth(64);
        assertEquals(64000, rtp.getEncoderBitrate());
        assertEquals(1000, rtp.getMtu());
        assertEquals(64, rtp.getMaxAudioRecvBandwidth());
        pipeline.release();
    }
}
