package dev.parley.rtp.sdp;

import java.util.Locale;
import java.util.Optional;

/** The audio payload formats the bridge can carry, as they appear in {@code a=rtpmap}. */
public enum RtpAudioFormat {
    /** RFC 7587: always advertised as opus/48000/2; the RTP clock is 48 kHz whatever the stream holds. */
    OPUS("opus", 48_000, 2, -1),
    /** RFC 3551 G.711 mu-law, static payload type 0. */
    PCMU("PCMU", 8_000, 1, 0);

    private final String encodingName;
    private final int clockRate;
    private final int channels;
    private final int staticPayloadType;

    RtpAudioFormat(String encodingName, int clockRate, int channels, int staticPayloadType) {
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.channels = channels;
        this.staticPayloadType = staticPayloadType;
    }

    public String encodingName() {
        return encodingName;
    }

    /** RTP timestamp units per second. */
    public int clockRate() {
        return clockRate;
    }

    public int channels() {
        return channels;
    }

    /** The static payload type, or -1 when the format needs a dynamic one. */
    public int staticPayloadType() {
        return staticPayloadType;
    }

    /** The {@code a=rtpmap} value after the payload type, e.g. {@code opus/48000/2}. */
    public String rtpmap() {
        return encodingName + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    /** RTP timestamp units in one 20 ms packet. */
    public int samplesPer20Millis() {
        return clockRate / 50;
    }

    /** The format an {@code a=rtpmap} encoding name and clock rate denote (names are case-insensitive, RFC 4855 §3). */
    public static Optional<RtpAudioFormat> fromRtpmap(String encodingName, int clockRate) {
        for (RtpAudioFormat format : values()) {
            if (format.encodingName.toLowerCase(Locale.ROOT).equals(encodingName.toLowerCase(Locale.ROOT)) && format.clockRate == clockRate) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
