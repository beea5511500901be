package dev.parley.media;

import dev.parley.rtp.RtpBridgeSettings;
import org.junit.jupiter.api.Test;
import org.kurento.client.MediaPipeline;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI, 12-06: a killed media server came back, yet its connection stayed RECONNECTING for good
 * (MediaServerDownLoggingTest waited 40 s, MediaServerPoolTest 130 s). When the connection is reset
 * (an RST, as a killed server with unread bytes sends) rather than closed, the Kurento Java client's
 * WebSocket handler catches the exception and closes the whole client, as if its user had: it
 * reports a disconnection and never tries to reconnect. Here the real media server sits behind a
 * relay that resets every link once; with nobody asking for the connection (no caller, no health
 * round), it must come back by itself.
 */
class ConnectionResetTest {

    @Test
    void theKurentoClientClosesItselfOnAConnectionResetAndANewOneIsDialledWithoutAnyCaller() throws Exception {
        try (MediaServerProcess server = MediaServerProcess.start(); FaultyRelay relay = new FaultyRelay(server.port())) {
            MediaSettings settings = new MediaSettings(relay.url(), 2_000, 2_000, IceServerSettings.none(), RecordingSettings.disabled(),
                    RtpBridgeSettings.defaults(), 0, 0);
            KurentoConnection connection = new KurentoConnection(settings);
            try {
                MediaPipeline kept = connection.client().createMediaPipeline();

                long resetAt = System.nanoTime();
                relay.resetAll();
                Await.until("the drop is noticed", 10_000, () -> connection.state() != KurentoConnection.State.CONNECTED);
                assertEquals(KurentoConnection.State.RECONNECTING, connection.state(), connection.problem());
                connection.release(kept); // out of reach: kept to be released once back
                assertEquals(1, connection.unreleasedPipelines());

                // Nobody calls client() or reachable(): the connection has to dial by itself.
                Await.until("connected again", 15_000, () -> connection.state() == KurentoConnection.State.CONNECTED);
                long backMillis = (System.nanoTime() - resetAt) / 1_000_000;
                System.out.printf("ConnectionResetTest: connected again %d ms after the reset%n", backMillis);
                assertTrue(connection.client().getServerManager().getPipelines().stream().noneMatch(p -> p.getId().equals(kept.getId())),
                        "the pipeline kept while the server was out of reach was released through the new client");
                assertEquals(0, connection.unreleasedPipelines());
            } finally {
                connection.close();
            }
            // The background dialling ends with the connection.
            Await.until("no dialling thread left", 5_000, () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("parley-media-server-connect") && t.isAlive()));
        }
    }
}
