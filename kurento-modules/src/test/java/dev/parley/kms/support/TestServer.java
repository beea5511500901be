package dev.parley.kms.support;

import dev.parley.kms.MediaServerMain;
import dev.parley.kms.media.MediaEngine;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real server, in this JVM, on a free loopback port, with the clients a test opened; closing
 * it destroys the clients and stops the server.
 */
public final class TestServer implements AutoCloseable {
    private final MediaServer server;
    private final List<KurentoClient> clients = new CopyOnWriteArrayList<>();
    private final List<RawKurentoSocket> sockets = new CopyOnWriteArrayList<>();

    private TestServer(MediaServer server) {
        this.server = server;
    }

    /** The server as it ships: the GStreamer engine, configured from the same settings. */
    public static TestServer start() {
        return start(ServerConfig.defaults().garbageCollectorPeriod());
    }

    public static TestServer start(Duration garbageCollectorPeriod) {
        ServerConfig config = ServerConfig.defaults().withPort(0).withGarbageCollectorPeriod(garbageCollectorPeriod);
        return new TestServer(MediaServerMain.startServer(config));
    }

    /** With a test-only engine, for tests of what the protocol layer asks of the engine. */
    public static TestServer start(MediaEngine engine) {
        return start(engine, ServerConfig.defaults().garbageCollectorPeriod());
    }

    public static TestServer start(MediaEngine engine, Duration garbageCollectorPeriod) {
        ServerConfig config = ServerConfig.defaults().withPort(0).withGarbageCollectorPeriod(garbageCollectorPeriod);
        return new TestServer(MediaServer.start(config, engine));
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    public KurentoClient client() {
        return client(url());
    }

    /** A client of another address (e.g. a proxy in front of this server). */
    public KurentoClient client(String url) {
        KurentoClient client = KurentoClient.create(url);
        clients.add(client);
        return client;
    }

    public KurentoClient client(String url, KurentoConnectionListener listener) {
        KurentoClient client = KurentoClient.create(url, listener);
        clients.add(client);
        return client;
    }

    public RawKurentoSocket raw() throws InterruptedException {
        RawKurentoSocket socket = new RawKurentoSocket(url());
        sockets.add(socket);
        return socket;
    }

    /** Everything is released even if a step fails; the first failure is thrown, the others suppressed in it. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (KurentoClient c : clients) {
            failure = attempt(c::destroy, failure);
        }
        for (RawKurentoSocket s : sockets) {
            failure = attempt(s::close, failure);
        }
        failure = attempt(server::close, failure);
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException attempt(Runnable step, RuntimeException failure) {
        try {
            step.run();
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }
}
