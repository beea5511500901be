package dev.parley.kms.mixing;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.TestServer;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.RtpEndpoint;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Composite and HubPort through kurento-client (kurento-behaviour §3.7): N-1 mixing, ids, release. */
class CompositeIT {
    private static final int A_HZ = 440;
    private static final int B_HZ = 1000;
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
    void eachPortHearsEveryOtherPortButNeverItself() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try (RtpPeer a = new RtpPeer(); RtpPeer b = new RtpPeer()) {
            Composite composite = new Composite.Builder(pipeline).build();
            join(composite, pipeline, a, A_HZ);
            join(composite, pipeline, b, B_HZ);
            // A third, silent participant: it must not disturb the other two.
            new HubPort.Builder(composite).build();

            Thread.sleep(1500);
            a.clearHeard();
            b.clearHeard();
            Thread.sleep(2000);

            double[] heardByA = a.heard();
            double[] heardByB = b.heard();
            assertTrue(heardByA.length > RtpPeer.RATE && heardByB.length > RtpPeer.RATE,
                    "both peers hear the mix: " + heardByA.length + ", " + heardByB.length + " samples");
            assertHears(heardByA, B_HZ, A_HZ, "A");
            assertHears(heardByB, A_HZ, B_HZ, "B");
        } finally {
            pipeline.release();
        }
    }

    @Test
    void hubPortIdsNestUnderTheCompositeAndReleasingTheCompositeReleasesItsPorts() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        try {
            Composite composite = new Composite.Builder(pipeline).build();
            HubPort first = new HubPort.Builder(composite).build();
            HubPort second = new HubPort.Builder(composite).build();
            assertTrue(first.getId().startsWith(composite.getId() + "/"), first.getId());
            assertTrue(first.getId().endsWith("_kurento.HubPort"), first.getId());
            assertEquals(composite.getId(), first.getParent().getId());
            assertEquals(pipeline.getId(), first.getMediaPipeline().getId());
            assertEquals(List.of(first.getId(), second.getId()).stream().sorted().collect(Collectors.toList()),
                    composite.getChildren().stream().map(MediaObject::getId).sorted().collect(Collectors.toList()));

            composite.release();
            assertEquals(List.of(), pipeline.getChildren().stream().map(MediaObject::getId).collect(Collectors.toList()),
                    "ports went with their composite");
        } finally {
            pipeline.release();
        }
    }

    /** An RTP peer sending {@code hz} into a new port and hearing that port's output. */
    private static void join(Composite composite, MediaPipeline pipeline, RtpPeer peer, int hz) throws Exception {
        HubPort port = new HubPort.Builder(composite).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        rtp.connect(port, MediaType.AUDIO);
        port.connect(rtp, MediaType.AUDIO);
        peer.remoteDescription(rtp.processOffer(peer.offer()));
        peer.sendTone(hz);
        assertTrue(Eventually.holds(() -> port.isMediaFlowingIn(MediaType.AUDIO), 10_000), "audio reaches the port");
    }

    private static void assertHears(double[] heard, int otherHz, int ownHz, String who) {
        double other = Tones.goertzelPower(heard, RtpPeer.RATE, otherHz);
        double own = Tones.goertzelPower(heard, RtpPeer.RATE, ownHz);
        assertEquals(otherHz, Tones.dominantFrequency(heard, RtpPeer.RATE, 100, 3000, 1), 3, who + " hears the other peer");
        assertTrue(other > 1000 * own, who + " does not hear itself: other " + other + ", own " + own);
    }
}
