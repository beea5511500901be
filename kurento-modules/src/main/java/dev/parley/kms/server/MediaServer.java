package dev.parley.kms.server;

import com.google.gson.JsonObject;
import dev.parley.kms.access.HandshakeGuard;
import dev.parley.kms.core.MediaSet;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.ObjectFactories;
import dev.parley.kms.core.ServerManager;
import dev.parley.kms.diagnostics.ProcessResources;
import dev.parley.kms.elements.ElementsModule;
import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaEngine;
import dev.parley.kms.protocol.JsonRpcHandler;
import dev.parley.kms.protocol.RequestCache;
import dev.parley.kms.session.Subscriptions;
import dev.parley.kms.transport.WebSocketTransport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The Kurento-compatible media server: WebSocket transport, JSON-RPC methods, object registry,
 * subscriptions and session garbage collection over a {@link MediaEngine}. Closing it releases
 * every object, thread and socket it opened, and the engine.
 */
public final class MediaServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(MediaServer.class.getName());
    private static final long SHUTDOWN_WAIT_MILLIS = 2000;

    private final ServerConfig config;
    private final MediaEngine engine;
    private final ThreadPoolExecutor requestPool;
    private final ExecutorService eventThread;
    private final ScheduledExecutorService garbageCollector;
    private final WebSocketTransport transport;
    private final Subscriptions subscriptions;
    private final MediaSet mediaSet;
    private final RequestCache requestCache;
    private final ProcessResources resources = new ProcessResources();
    private final EngineCounts engineCounts;

    /** What the engine holds, by name, for the diagnostics (e.g. open GStreamer pipelines, RTP port pairs). */
    @FunctionalInterface
    public interface EngineCounts {
        Map<String, Integer> counts();
    }

    private MediaServer(ServerConfig config, MediaEngine engine, EngineCounts engineCounts) {
        this.config = config;
        this.engine = engine;
        this.engineCounts = engineCounts;
        requestPool = new ThreadPoolExecutor(config.requestThreads(), config.requestThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("kms-request"));
        requestPool.prestartAllCoreThreads();
        eventThread = Executors.newSingleThreadExecutor(new NamedThreads("kms-events"));
        garbageCollector = Executors.newSingleThreadScheduledExecutor(new NamedThreads("kms-session-gc"));
        requestCache = new RequestCache(config.requestCacheTtl(), !config.disableRequestCache());
        JsonRpcHandler handler = new JsonRpcHandler(requestCache);
        transport = new WebSocketTransport(new InetSocketAddress(config.bindAddress(), config.port()), config.path(),
                requestPool, eventThread, handler::toText, new HandshakeGuard(config.originPolicy(), config.secret()));
        subscriptions = new Subscriptions(transport.eventDelivery());
        ObjectFactories factories = new ObjectFactories();
        ObjectFactories.registerCore(factories);
        ElementsModule.register(factories, config.recorderDefaultPath(), config.recordingRootList());
        MediaSet[] set = new MediaSet[1];
        ServerManager serverManager = new ServerManager(subscriptions, () -> set[0].pipelines(),
                () -> set[0].sessionIds(), factories.byModule());
        mediaSet = new MediaSet(serverManager, new MediaSet.Listener() {
            @Override
            public void sessionDropped(String sessionId) {
                subscriptions.dropSession(sessionId);
            }

            @Override
            public void objectReleased(String objectId) {
                subscriptions.dropObject(objectId);
            }
        });
        set[0] = mediaSet;
        ObjectContext objects = new ObjectContext(subscriptions, engine, iceDefaults(config));
        new ServerMethods(mediaSet, subscriptions, factories, objects, this::diagnostics).registerOn(handler);
        transport.start(handler);
        long periodMillis = config.garbageCollectorPeriod().toMillis();
        garbageCollector.scheduleAtFixedRate(this::collectGarbage, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts listening; the server owns {@code engine} from now on and closes it with itself. */
    public static MediaServer start(ServerConfig config, MediaEngine engine) {
        return start(config, engine, Map::of);
    }

    public static MediaServer start(ServerConfig config, MediaEngine engine, EngineCounts engineCounts) {
        try {
            MediaServer server = new MediaServer(config, engine, engineCounts);
            LOG.log(Level.INFO, () -> "Kurento-compatible media server listening on " + server.url());
            LOG.log(Level.INFO, () -> "access: browser origins allowed: "
                    + (config.originPolicy().allowed().isEmpty() ? "none" : config.originPolicy().allowed())
                    + ", secret " + (config.secret().isSet() ? "required" : "not set") + ", recording roots "
                    + config.recordingRootList().roots());
            return server;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static IceSettings iceDefaults(ServerConfig config) {
        return new IceSettings(config.stunServerAddress(), config.stunServerPort(), config.turnUrl(),
                config.externalIPv4(), config.externalIPv6(), config.networkInterfaces(), false);
    }

    private void collectGarbage() {
        try {
            mediaSet.collectGarbage(transport::hasOpenConnection);
            requestCache.purgeExpired();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session garbage collection failed; retrying next period", e);
        }
    }

    public int port() {
        return transport.port();
    }

    public String url() {
        String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
        return "ws://" + host + ":" + port() + "/" + config.path();
    }

    /** The server's own counts (also served as the {@code parley.diagnostics} method). */
    public JsonObject diagnostics() {
        ProcessResources.Snapshot process = resources.snapshot();
        JsonObject json = new JsonObject();
        json.addProperty("objects", mediaSet.objectCount());
        json.addProperty("pipelines", mediaSet.pipelines().size());
        json.addProperty("sessions", mediaSet.sessionIds().size());
        json.addProperty("subscriptions", subscriptions.size());
        json.addProperty("connections", transport.openConnections());
        json.addProperty("cachedResponses", requestCache.size());
        json.addProperty("threads", process.threads());
        json.addProperty("osThreads", process.osThreads());
        json.addProperty("fileDescriptors", process.fileDescriptors());
        json.addProperty("sockets", process.sockets());
        json.addProperty("udpSockets", process.udpSockets());
        json.addProperty("tcpSockets", process.tcpSockets());
        engineCounts.counts().forEach(json::addProperty);
        return json;
    }

    @Override
    public void close() {
        transport.close();
        garbageCollector.shutdownNow();
        requestPool.shutdownNow();
        await(requestPool);
        mediaSet.releaseAll();
        eventThread.shutdown();
        await(eventThread);
        await(garbageCollector);
        engine.close();
    }

    private static void await(ExecutorService executor) {
        try {
            executor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
