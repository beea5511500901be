package dev.parley.media;

import dev.parley.rtp.RtpBridgeSettings;
import org.junit.jupiter.api.Test;
import org.kurento.client.MediaPipeline;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI, 12-05: a media server killed and started again was never used again (MediaServerPoolTest
 * waited 130 s). The Kurento client's reconnection loop ends for good when an attempt opens the
 * socket but its {@code connect} request gets no answer within the request timeout: the client
 * keeps that socket, counts itself connected and never tries again, yet never reports the
 * reconnection. Here the real media server sits behind a relay that lets the first reconnection's
 * handshake through and then passes nothing back; once the relay passes again, the connection
 * must come back by itself (a stalled client is replaced). CI, 12-07: it came back only when
 * somebody asked (a pool's health round, a new call); a connection that nobody polled stayed
 * down, so here nobody asks.
 */
class StalledReconnectionTest {

    @Test
    void aReconnectionLoopThatStoppedWithItsSocketOpenIsReplacedWithoutAnyoneAskingAndTheServerIsUsedAgain() throws Exception {
        try (MediaServerProcess server = MediaServerProcess.start(); FaultyRelay relay = new FaultyRelay(server.port())) {
            MediaSettings settings = new MediaSettings(relay.url(), 2_000, 1_000, IceServerSettings.none(), RecordingSettings.disabled(),
                    RtpBridgeSettings.defaults(), 0, 0);
            KurentoConnection connection = new KurentoConnection(settings);
            try {
                MediaPipeline kept = connection.client().createMediaPipeline();
                assertTrue(connection.client().getServerManager().getPipelines().stream().anyMatch(p -> p.getId().equals(kept.getId())));

                relay.mode(FaultyRelay.Mode.MUTE_AFTER_HANDSHAKE);
                long cutAt = System.nanoTime();
                relay.cutAll();
                Await.until("the drop is noticed", 10_000, 200, () -> connection.state() == KurentoConnection.State.RECONNECTING);
                connection.release(kept); // out of reach: kept to be released later
                assertEquals(1, connection.unreleasedPipelines());
                // The loop's first attempt runs at once: handshake through, its connect request unanswered (1 s).
                Thread.sleep(4_000);
                assertEquals(KurentoConnection.State.RECONNECTING, connection.state(), "no answer yet: still reconnecting");
                relay.mode(FaultyRelay.Mode.PASS);

                // Only looks: state() neither dials nor checks for a stalled client.
                Await.until("usable again", 3 * connection.stalledLoopMillis(), 200,
                        () -> connection.state() == KurentoConnection.State.CONNECTED);
                long backMillis = (System.nanoTime() - cutAt) / 1_000_000;
                System.out.printf("StalledReconnectionTest: connected again %d ms after the cut (a loop quiet for %d ms counts as stalled)%n",
                        backMillis, connection.stalledLoopMillis());
                assertTrue(connection.client().getServerManager().getPipelines().stream().noneMatch(p -> p.getId().equals(kept.getId())),
                        "the pipeline kept while the server was out of reach was released through the new client");
                assertEquals(0, connection.unreleasedPipelines());
            } finally {
                connection.close();
            }
        }
    }
}
