package dev.parley.media;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection attempt runs on a thread of the factory the connection was given (in the container,
 * its managed thread factory), never on a raw thread of its own; a factory that gives no thread
 * (a managed one whose application is stopping) fails the attempt at once.
 */
class KurentoConnectionThreadsTest {

    private static MediaSettings fastSettings(int port) {
        // A server that accepts and never answers the WebSocket handshake: the attempt waits for its limit (2 x connect timeout).
        return new MediaSettings("ws://127.0.0.1:" + port + "/kurento", 300, 1_000, IceServerSettings.none(),
                RecordingSettings.disabled(), dev.parley.rtp.RtpBridgeSettings.defaults(), 0, 0);
    }

    @Test
    void theConnectionAttemptRunsOnAThreadOfTheGivenFactory() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "given-factory-" + made.size());
            t.setDaemon(true);
            made.add(t);
            return t;
        };
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             KurentoConnection connection = new KurentoConnection(fastSettings(silent.getLocalPort()), factory)) {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket held = silent.accept(); // kept open, never answered, closed with the server socket's owner
                    Thread.sleep(5_000);
                    held.close();
                } catch (Exception e) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            assertThrows(MediaServerUnavailableException.class, connection::client);
            assertEquals(1, made.size(), "one attempt, on one thread of the given factory");
            assertTrue(made.get(0).getName().startsWith("given-factory-"));
            acceptor.interrupt();
        }
    }

    @Test
    void aFactoryThatGivesNoThreadFailsTheAttemptAtOnce() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             KurentoConnection connection = new KurentoConnection(fastSettings(silent.getLocalPort()), r -> null)) {
            long started = System.nanoTime();
            MediaServerUnavailableException e = assertThrows(MediaServerUnavailableException.class, connection::client);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(e.getMessage().contains("no thread to connect on"), e.getMessage());
            assertTrue(millis < 500, "without waiting for the handshake limit: " + millis + " ms");
        }
    }
}
