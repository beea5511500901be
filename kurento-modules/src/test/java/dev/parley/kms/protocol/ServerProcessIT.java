package dev.parley.kms.protocol;

import dev.parley.kms.support.ServerProcess;
import dev.parley.kms.support.Sdps;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar started as operators start it: configuration, startup, shutdown. */
class ServerProcessIT {

    @Test
    void shippedJarServesTheKurentoProtocolOnTheConfiguredPortAndPath() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port=0", "--path=kms", "--minPort=40000", "--maxPort=40100")) {
            assertTrue(server.url().matches("ws://127\\.0\\.0\\.1:\\d+/kms"), server.url());
            KurentoClient kurento = KurentoClient.create(server.url());
            try {
                assertEquals("7.1.0", kurento.getServerManager().getInfo().getVersion());
                MediaPipeline pipeline = kurento.createMediaPipeline();
                WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
                RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
                webRtc.connect(rtp);
                rtp.connect(webRtc);
                String answer = rtp.processOffer(Sdps.rtpAudioOffer(5004));
                int port = Integer.parseInt(answer.lines().filter(l -> l.startsWith("m=audio")).findFirst().orElseThrow().split(" ")[1]);
                assertTrue(port >= 40000 && port <= 40100 && port % 2 == 0, "RTP port from the configured range: " + answer);
                pipeline.release();
            } finally {
                kurento.destroy();
            }
        }
    }

    @Test
    void unknownSettingStopsTheServerWithAMessageNamingIt() throws Exception {
        ServerProcess server = ServerProcess.run("--prot=8888");
        assertEquals(2, server.exitCode());
        assertTrue(server.output().contains("unknown setting 'prot'"), server.output());
    }

    @Test
    void takenPortStopsTheServerWithAMessageNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerProcess server = ServerProcess.run("--port=" + taken.getLocalPort());
            assertNotEquals(0, server.exitCode());
            assertTrue(server.output().contains("cannot listen on"), server.output());
        }
    }
}
