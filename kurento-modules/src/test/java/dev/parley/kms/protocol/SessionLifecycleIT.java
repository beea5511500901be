package dev.parley.kms.protocol;

import com.google.gson.JsonObject;
import dev.parley.kms.support.ConnectionDropper;
import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, reconnection, closeSession, garbage collection and release (kurento-behaviour §1.7). */
class SessionLifecycleIT {

    private static List<String> pipelineIds(KurentoClient client) {
        return client.getServerManager().getPipelines().stream().map(MediaObject::getId).collect(Collectors.toList());
    }

    @Test
    void reconnectingWithTheOldSessionIdKeepsObjectsAndSubscriptionsLikeKms() throws Exception {
        try (TestServer server = TestServer.start();
             ConnectionDropper relay = new ConnectionDropper(server.port())) {
            CountDownLatch reconnected = new CountDownLatch(1);
            AtomicBoolean sameServer = new AtomicBoolean();
            KurentoClient kurento = server.client(relay.url("kurento"), new KurentoConnectionListener() {
                @Override
                public void connected() {
                }

                @Override
                public void connectionFailed() {
                }

                @Override
                public void disconnected() {
                }

                @Override
                public void reconnected(boolean same) {
                    sameServer.set(same);
                    reconnected.countDown();
                }
            });
            MediaPipeline pipeline = kurento.createMediaPipeline();
            PassThrough source = new PassThrough.Builder(pipeline).build();
            PassThrough sink = new PassThrough.Builder(pipeline).build();
            AtomicInteger connectedEvents = new AtomicInteger();
            source.addElementConnectedListener(e -> connectedEvents.incrementAndGet());
            String sessionBefore = kurento.getSessionId();

            relay.dropAll();

            assertTrue(reconnected.await(15, TimeUnit.SECONDS), "the client reconnected");
            assertTrue(sameServer.get(), "connect{sessionId} was accepted: same server, same session");
            assertEquals(sessionBefore, kurento.getSessionId());
            assertEquals(pipeline.getId(), pipeline.getName());
            source.connect(sink, MediaType.AUDIO);
            assertTrue(Eventually.holds(() -> connectedEvents.get() == 1, 5000), "subscription survived the reconnection");
        }
    }

    @Test
    void closeSessionReleasesWhatOnlyThatSessionReferredLikeKms() throws Exception {
        try (TestServer server = TestServer.start()) {
            KurentoClient leaving = server.client();
            KurentoClient staying = server.client();
            MediaPipeline own = leaving.createMediaPipeline();
            MediaPipeline shared = leaving.createMediaPipeline();
            PassThrough sharedElement = new PassThrough.Builder(shared).build();
            staying.getById(sharedElement.getId(), PassThrough.class).getName();

            leaving.destroy();

            assertTrue(Eventually.holds(() -> !pipelineIds(staying).contains(own.getId()), 5000), "own pipeline released");
            assertTrue(pipelineIds(staying).contains(shared.getId()), "shared pipeline kept");
            assertEquals(sharedElement.getId(), staying.getById(sharedElement.getId(), PassThrough.class).getName());
        }
    }

    @Test
    void vanishedClientsSessionIsCollectedAfterTheGcPeriodWhileASharingSessionKeepsItsObjectsLikeKms() throws Exception {
        Duration period = Duration.ofMillis(700);
        try (TestServer server = TestServer.start(period);
             ConnectionDropper relay = new ConnectionDropper(server.port())) {
            KurentoClient vanishing = server.client(relay.url("kurento"));
            KurentoClient staying = server.client();
            MediaPipeline own = vanishing.createMediaPipeline();
            WebRtcEndpoint ownElement = new WebRtcEndpoint.Builder(own).build();
            MediaPipeline shared = vanishing.createMediaPipeline();
            staying.getById(shared.getId(), MediaPipeline.class).getName();
            String vanishingSession = vanishing.getSessionId();
            assertTrue(staying.getServerManager().getSessions().contains(vanishingSession));

            relay.shutDown(); // the client is gone for good
            long dropped = System.nanoTime();
            // Still there for about one idle period (KMS: between one and two periods).
            assertTrue(pipelineIds(staying).contains(own.getId()));

            assertTrue(Eventually.holds(() -> !pipelineIds(staying).contains(own.getId()), 3 * period.toMillis() + 2000),
                    "idle session collected");
            long tookMillis = (System.nanoTime() - dropped) / 1_000_000;
            assertTrue(tookMillis >= period.toMillis() - 100, "collected after " + tookMillis + " ms, not before a whole period");
            assertFalse(staying.getServerManager().getSessions().contains(vanishingSession));
            assertTrue(pipelineIds(staying).contains(shared.getId()), "the other session's reference keeps the pipeline");
            assertEquals(shared.getId(), staying.getById(shared.getId(), MediaPipeline.class).getName());
            org.kurento.client.internal.server.KurentoServerException gone = org.junit.jupiter.api.Assertions.assertThrows(
                    org.kurento.client.internal.server.KurentoServerException.class,
                    () -> staying.getById(ownElement.getId(), WebRtcEndpoint.class).getName());
            assertEquals(40101, gone.getCode(), "the collected pipeline's children went with it");
        }
    }

    @Test
    void releaseIsIdempotentAndCascadesFromThePipelineLikeKms() throws Exception {
        try (TestServer server = TestServer.start()) {
            KurentoClient kurento = server.client();
            RawKurentoSocket raw = server.raw();
            MediaPipeline pipeline = kurento.createMediaPipeline();
            PassThrough element = new PassThrough.Builder(pipeline).build();

            pipeline.release();
            JsonObject again = raw.request("release", params("object", pipeline.getId()));
            JsonObject child = raw.request("release", params("object", element.getId()));
            JsonObject unknown = raw.request("release", params("object", "nothing_kurento.MediaPipeline"));

            for (JsonObject response : List.of(again, child, unknown)) {
                assertTrue(response.has("result"), response.toString());
                assertTrue(response.getAsJsonObject("result").has("sessionId"), response.toString());
            }
            JsonObject counts = raw.diagnostics();
            assertEquals(0, counts.get("objects").getAsInt());
            assertEquals(0, counts.get("pipelines").getAsInt());
        }
    }

    @Test
    void aRetriedRequestIdIsAnsweredFromTheCacheWithoutRunningTwiceLikeKms() throws Exception {
        try (TestServer server = TestServer.start()) {
            RawKurentoSocket raw = server.raw();
            String sessionId = raw.request("connect", null).getAsJsonObject("result").get("sessionId").getAsString();
            String create = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\","
                    + "\"constructorParams\":{},\"sessionId\":\"" + sessionId + "\"}}";

            JsonObject first = raw.exchange(create);
            JsonObject retried = raw.exchange(create);

            assertEquals(first, retried);
            assertEquals(1, raw.diagnostics().get("pipelines").getAsInt());
        }
    }

    private static JsonObject params(String key, String value) {
        JsonObject p = new JsonObject();
        p.addProperty(key, value);
        return p;
    }
}
