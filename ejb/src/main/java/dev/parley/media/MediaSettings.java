package dev.parley.media;

import dev.parley.rtp.RtpBridgeSettings;

import java.util.Objects;

/**
 * Everything the media orchestration reads from configuration, in one typed record
 * ({@link MediaSettingsReader} names the keys).
 *
 * @param mediaServerUrl           Kurento-protocol WebSocket ({@code parley.media-server.url})
 * @param connectTimeoutMillis     TCP connect timeout to the media server; creating the client gives up after twice this (handshake included)
 * @param requestTimeoutMillis     how long one request to the media server may take
 * @param iceServers               STUN/TURN for the browser leg
 * @param recording                per-session recording
 * @param bridge                   the RTP audio bridge's ports, address and codec settings
 * @param clientGoneTimeoutMillis  a session ends (client gone) when the browser's audio stopped reaching the media server
 *                                 for this long; 0 never ends it for that
 * @param noMediaTimeoutMillis     a session ends (client gone) when the browser's audio never reached the media server within
 *                                 this long after the session opened (no ICE/DTLS connection, or no media); 0 never ends it for that
 */
public record MediaSettings(String mediaServerUrl, int connectTimeoutMillis, int requestTimeoutMillis, IceServerSettings iceServers,
                            RecordingSettings recording, RtpBridgeSettings bridge, int clientGoneTimeoutMillis, int noMediaTimeoutMillis) {

    public MediaSettings {
        Objects.requireNonNull(mediaServerUrl, "mediaServerUrl");
        Objects.requireNonNull(iceServers, "iceServers");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(bridge, "bridge");
        if (clientGoneTimeoutMillis < 0) {
            throw new IllegalArgumentException(MediaSettingsReader.CLIENT_GONE_TIMEOUT + " must not be negative, got " + clientGoneTimeoutMillis);
        }
        if (noMediaTimeoutMillis < 0) {
            throw new IllegalArgumentException(MediaSettingsReader.NO_MEDIA_TIMEOUT + " must not be negative, got " + noMediaTimeoutMillis);
        }
        if (connectTimeoutMillis < 1 || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("media server timeouts must be positive, got connect " + connectTimeoutMillis
                    + " ms, request " + requestTimeoutMillis + " ms");
        }
    }

    /** Defaults for a media server at {@code url} on this host. */
    public static MediaSettings defaults(String url) {
        return new MediaSettings(url, 5_000, 10_000, IceServerSettings.none(), RecordingSettings.disabled(), RtpBridgeSettings.defaults(),
                10_000, 10_000);
    }

    public MediaSettings withMediaServerUrl(String url) {
        return new MediaSettings(url, connectTimeoutMillis, requestTimeoutMillis, iceServers, recording, bridge, clientGoneTimeoutMillis, noMediaTimeoutMillis);
    }

    public MediaSettings withRecording(RecordingSettings newRecording) {
        return new MediaSettings(mediaServerUrl, connectTimeoutMillis, requestTimeoutMillis, iceServers, newRecording, bridge, clientGoneTimeoutMillis, noMediaTimeoutMillis);
    }

    public MediaSettings withClientGoneTimeoutMillis(int millis) {
        return new MediaSettings(mediaServerUrl, connectTimeoutMillis, requestTimeoutMillis, iceServers, recording, bridge, millis, noMediaTimeoutMillis);
    }

    public MediaSettings withNoMediaTimeoutMillis(int millis) {
        return new MediaSettings(mediaServerUrl, connectTimeoutMillis, requestTimeoutMillis, iceServers, recording, bridge, clientGoneTimeoutMillis, millis);
    }

    public MediaSettings withBridge(RtpBridgeSettings newBridge) {
        return new MediaSettings(mediaServerUrl, connectTimeoutMillis, requestTimeoutMillis, iceServers, recording, newBridge, clientGoneTimeoutMillis, noMediaTimeoutMillis);
    }
}
