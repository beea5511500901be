package dev.parley.kms;

import dev.parley.kms.gst.GstEngineConfig;
import dev.parley.kms.gst.GstMediaEngine;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.server.ServerConfigLoader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the media server jar: {@code java -jar parley-media-server.jar [--key=value...]}.
 * Runs until the process is stopped; settings are listed in docs/media-server.md.
 */
public final class MediaServerMain {
    private MediaServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config;
        try {
            config = ServerConfigLoader.load(args, System.getProperties(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("parley-media-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        MediaServer server;
        try {
            server = startServer(config);
        } catch (IllegalArgumentException e) {
            // settings only the engine can judge, e.g. an RTP port range without a single pair
            System.err.println("parley-media-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("parley-media-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "kms-shutdown"));
        // Tests and scripts wait for this line to know the port (it may have been 0).
        System.out.println("parley-media-server listening on " + server.url());
        System.out.flush();
        stopped.await();
    }

    /** The server with its shipped engine: GStreamer, configured from the same settings. */
    public static MediaServer startServer(ServerConfig config) {
        GstMediaEngine engine = new GstMediaEngine(engineConfig(config));
        return MediaServer.start(config, engine, () -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("enginePipelines", engine.openPipelines());
            counts.put("engineElements", engine.openElements());
            counts.put("rtpPortPairs", engine.rtpPortPairsInUse());
            return counts;
        });
    }

    static GstEngineConfig engineConfig(ServerConfig config) {
        return new GstEngineConfig(config.networkInterfaceList(), config.minPort(), config.maxPort(),
                config.stunServerAddress(), config.stunServerPort(), config.turnUrl());
    }
}
