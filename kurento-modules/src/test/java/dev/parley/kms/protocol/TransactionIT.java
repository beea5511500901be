package dev.parley.kms.protocol;

import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionExecutionException;
import org.kurento.client.WebRtcEndpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code transaction} method with {@code newref:N}, as the Java client's Transaction uses it. */
class TransactionIT {
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
    void objectsBuiltInATransactionReferToEachOtherByNewrefLikeKms() {
        Transaction tx = kurento.beginTransaction();
        MediaPipeline pipeline = kurento.createMediaPipeline(tx);
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build(tx);
        PassThrough passThrough = new PassThrough.Builder(pipeline).build(tx);
        webRtc.connect(tx, passThrough, MediaType.AUDIO);
        tx.commit();

        assertTrue(webRtc.getId().startsWith(pipeline.getId() + "/"), webRtc.getId());
        assertEquals(1, passThrough.getSourceConnections().size());
        assertEquals(webRtc.getId(), passThrough.getSourceConnections().get(0).getSource().getId());
        pipeline.release();
    }

    @Test
    void aFailingOperationFailsTheTransactionLikeKms() {
        MediaPipeline one = kurento.createMediaPipeline();
        MediaPipeline two = kurento.createMediaPipeline();
        PassThrough a = new PassThrough.Builder(one).build();
        PassThrough b = new PassThrough.Builder(two).build();

        Transaction tx = kurento.beginTransaction();
        a.connect(tx, b);
        assertThrows(TransactionExecutionException.class, tx::commit);
        one.release();
        two.release();
    }
}
