package dev.parley.media;

import dev.parley.rtp.RtpBridgeSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@link MediaSettings} from configuration keys; an absent key keeps its default, a malformed
 * one fails naming the key. The media server URL comes from {@link dev.parley.config.ParleySettings}.
 */
public final class MediaSettingsReader {

    public static final String CONNECT_TIMEOUT = "parley.media-server.connect-timeout-millis";
    public static final String HEALTH_INTERVAL = "parley.media-server.health-interval-millis";
    public static final long DEFAULT_HEALTH_INTERVAL_MILLIS = 5_000;
    public static final String REQUEST_TIMEOUT = "parley.media-server.request-timeout-millis";
    public static final String CLIENT_GONE_TIMEOUT = "parley.media.client-gone-timeout-millis";
    public static final String NO_MEDIA_TIMEOUT = "parley.media.no-media-timeout-millis";
    public static final String STUN_SERVER_ADDRESS = "parley.webrtc.stun-server-address";
    public static final String STUN_SERVER_PORT = "parley.webrtc.stun-server-port";
    public static final String TURN_URL = "parley.webrtc.turn-url";
    public static final String RECORDING_ENABLED = "parley.recording.enabled";
    public static final String RECORDING_DIRECTORY = "parley.recording.directory";
    public static final String RTP_LOCAL_ADDRESS = "parley.rtp.local-address";
    public static final String RTP_MIN_PORT = "parley.rtp.min-port";
    public static final String RTP_MAX_PORT = "parley.rtp.max-port";
    public static final String RTP_JITTER_DEPTH = "parley.rtp.jitter-depth-millis";
    public static final String RTP_OPUS_BITRATE = "parley.rtp.opus-bitrate-bps";

    private final Function<String, Optional<String>> config;

    /** @param config e.g. {@code key -> mpConfig.getOptionalValue(key, String.class)} */
    public MediaSettingsReader(Function<String, Optional<String>> config) {
        this.config = config;
    }

    public MediaSettings read(String mediaServerUrl) {
        MediaSettings d = MediaSettings.defaults(mediaServerUrl);
        IceServerSettings ice = new IceServerSettings(string(STUN_SERVER_ADDRESS).orElse(""),
                integer(STUN_SERVER_PORT, d.iceServers().stunServerPort()), string(TURN_URL).orElse(""));
        RecordingSettings recording = new RecordingSettings(bool(RECORDING_ENABLED, false),
                string(RECORDING_DIRECTORY).orElse(d.recording().directoryUri()));
        RtpBridgeSettings b = d.bridge();
        RtpBridgeSettings bridge = new RtpBridgeSettings(string(RTP_LOCAL_ADDRESS).map(MediaSettingsReader::address).orElse(b.localAddress()),
                integer(RTP_MIN_PORT, b.minPort()), integer(RTP_MAX_PORT, b.maxPort()), b.profile(), b.opusPayloadType(), b.formats(),
                integer(RTP_JITTER_DEPTH, b.jitterDepthMillis()), b.rtcpIntervalMillis(), integer(RTP_OPUS_BITRATE, b.opusBitrateBitsPerSecond()),
                b.opusComplexity(), b.maxBurstPackets(), b.closeTimeoutMillis());
        return new MediaSettings(mediaServerUrl, integer(CONNECT_TIMEOUT, d.connectTimeoutMillis()),
                integer(REQUEST_TIMEOUT, d.requestTimeoutMillis()), ice, recording, bridge,
                integer(CLIENT_GONE_TIMEOUT, d.clientGoneTimeoutMillis()), integer(NO_MEDIA_TIMEOUT, d.noMediaTimeoutMillis()));
    }

    /**
     * The media servers: {@value MediaServerAddress#URLS} when set, else the single {@code mediaServerUrl}
     * ({@code parley.media-server.url}) of no zone.
     */
    public List<MediaServerAddress> servers(String mediaServerUrl) {
        Optional<String> list = string(MediaServerAddress.URLS);
        return list.isPresent() ? MediaServerAddress.parseList(list.get()) : List.of(new MediaServerAddress(mediaServerUrl, null));
    }

    /** Pause between the pool's health rounds ({@value #HEALTH_INTERVAL}); at least 100 ms. */
    public long healthIntervalMillis() {
        long millis = integer(HEALTH_INTERVAL, (int) DEFAULT_HEALTH_INTERVAL_MILLIS);
        if (millis < 100) {
            throw new IllegalArgumentException(HEALTH_INTERVAL + " must be at least 100, got " + millis);
        }
        return millis;
    }

    private Optional<String> string(String key) {
        return config.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    private int integer(String key, int fallback) {
        return string(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'", e);
            }
        }).orElse(fallback);
    }

    private boolean bool(String key, boolean fallback) {
        return string(key).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(fallback);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(RTP_LOCAL_ADDRESS + " is not an address of this host: '" + literal + "'", e);
        }
    }
}
