package dev.parley.kms.server;

import dev.parley.kms.access.Exposure;
import dev.parley.kms.access.OriginPolicy;
import dev.parley.kms.access.SharedSecret;
import dev.parley.kms.elements.RecordingRoots;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of the media server, with KMS's defaults where KMS has one.
 *
 * @param bindAddress          address the WebSocket listens on
 * @param port                 WebSocket port; 0 picks a free one
 * @param path                 WebSocket path without the leading slash
 * @param networkInterfaces    interface names or addresses used for ICE and RtpEndpoint addresses; empty = all
 * @param minPort              lowest UDP port for media (clamped to at least 1024)
 * @param maxPort              highest UDP port for media
 * @param stunServerAddress    default STUN server of new WebRtcEndpoints (empty = none)
 * @param stunServerPort       default STUN port
 * @param turnUrl              default TURN url, {@code user:password@host:port[?transport=udp|tcp]} (empty = none)
 * @param externalIPv4         default externalIPv4 of new WebRtcEndpoints (empty = none)
 * @param externalIPv6         default externalIPv6 of new WebRtcEndpoints (empty = none)
 * @param garbageCollectorPeriod how often idle sessions are collected; a session without a
 *                             connection is released after one to two periods
 * @param requestCacheTtl      how long a response is kept for a retried request id
 * @param disableRequestCache  answer retried request ids again instead of from the cache
 * @param requestThreads       threads running requests
 * @param recorderDefaultPath  where RecorderEndpoints with a relative uri write (KMS's UriEndpoint defaultPath)
 * @param allowedOrigins       comma-separated browser origins whose WebSocket handshakes are accepted
 *                             (empty = none: a handshake with an Origin header is refused)
 * @param secret               the secret clients must give as {@code ?secret=} in the URL; required
 *                             when {@code bindAddress} is beyond loopback
 * @param recordingRoots       comma-separated directories RecorderEndpoints may write under (blank =
 *                             {@code recorderDefaultPath} and Parley's default recording directory)
 */
public record ServerConfig(String bindAddress, int port, String path, String networkInterfaces,
                           int minPort, int maxPort, String stunServerAddress, int stunServerPort,
                           String turnUrl, String externalIPv4, String externalIPv6,
                           Duration garbageCollectorPeriod, Duration requestCacheTtl,
                           boolean disableRequestCache, int requestThreads, String recorderDefaultPath,
                           String allowedOrigins, SharedSecret secret, String recordingRoots) {

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8888, "kurento", "", 1024, 65535, "", 3478, "", "", "",
                Duration.ofSeconds(240), Duration.ofSeconds(20), false, 8, "file:///var/lib/kurento",
                "", SharedSecret.none(), "");
    }

    public ServerConfig {
        Objects.requireNonNull(secret, "secret");
        path = path.startsWith("/") ? path.substring(1) : path;
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        if (garbageCollectorPeriod.isNegative() || garbageCollectorPeriod.isZero()) {
            throw new IllegalArgumentException("garbageCollectorPeriodSeconds must be positive");
        }
        if (requestThreads < 1) {
            throw new IllegalArgumentException("requestThreads must be at least 1");
        }
        RecordingRoots.parse(recordingRoots, recorderDefaultPath);
        OriginPolicy.allowing(originList(allowedOrigins));
        Exposure.requireSecretBeyondLoopback(bindAddress, secret);
    }

    /** networkInterfaces as a list. */
    public List<String> networkInterfaceList() {
        return networkInterfaces.isBlank() ? List.of() : List.of(networkInterfaces.trim().split("\\s*,\\s*"));
    }

    public OriginPolicy originPolicy() {
        return OriginPolicy.allowing(originList(allowedOrigins));
    }

    private static List<String> originList(String origins) {
        return origins.isBlank() ? List.of() : List.of(origins.trim().split("\\s*,\\s*"));
    }

    public RecordingRoots recordingRootList() {
        return RecordingRoots.parse(recordingRoots, recorderDefaultPath);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, garbageCollectorPeriod, requestCacheTtl,
                disableRequestCache, requestThreads, recorderDefaultPath,
                allowedOrigins, secret, recordingRoots);
    }

    public ServerConfig withRecorderDefaultPath(String path) {
        return new ServerConfig(bindAddress, port, this.path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, garbageCollectorPeriod, requestCacheTtl,
                disableRequestCache, requestThreads, path,
                allowedOrigins, secret, recordingRoots);
    }

    public ServerConfig withGarbageCollectorPeriod(Duration period) {
        return new ServerConfig(bindAddress, port, path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, period, requestCacheTtl,
                disableRequestCache, requestThreads, recorderDefaultPath,
                allowedOrigins, secret, recordingRoots);
    }

    public ServerConfig withAllowedOrigins(String origins) {
        return new ServerConfig(bindAddress, port, path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, garbageCollectorPeriod, requestCacheTtl,
                disableRequestCache, requestThreads, recorderDefaultPath, origins, secret, recordingRoots);
    }

    public ServerConfig withSecret(SharedSecret newSecret) {
        return new ServerConfig(bindAddress, port, path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, garbageCollectorPeriod, requestCacheTtl,
                disableRequestCache, requestThreads, recorderDefaultPath, allowedOrigins, newSecret, recordingRoots);
    }

    public ServerConfig withRecordingRoots(String roots) {
        return new ServerConfig(bindAddress, port, path, networkInterfaces, minPort, maxPort, stunServerAddress,
                stunServerPort, turnUrl, externalIPv4, externalIPv6, garbageCollectorPeriod, requestCacheTtl,
                disableRequestCache, requestThreads, recorderDefaultPath, allowedOrigins, secret, roots);
    }
}
