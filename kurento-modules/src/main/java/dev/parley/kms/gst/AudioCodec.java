package dev.parley.kms.gst;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The audio codecs the engine carries (KMS 7.1's opus and PCMU), with their GStreamer elements. */
enum AudioCodec {
    OPUS("OPUS", 48_000, "opusenc", "rtpopuspay", "rtpopusdepay", "opusdec", -1),
    PCMU("PCMU", 8_000, "mulawenc", "rtppcmupay", "rtppcmudepay", "mulawdec", 0);

    final String encodingName;
    final int clockRate;
    final String encoder;
    final String payloader;
    final String depayloader;
    final String decoder;
    final int staticPayloadType;

    AudioCodec(String encodingName, int clockRate, String encoder, String payloader,
               String depayloader, String decoder, int staticPayloadType) {
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.encoder = encoder;
        this.payloader = payloader;
        this.depayloader = depayloader;
        this.decoder = decoder;
        this.staticPayloadType = staticPayloadType;
    }

    /** A codec chosen for an m-line, with the payload type number the offer gave it. */
    record Negotiated(AudioCodec codec, int payloadType) {
        String rtpCaps() {
            return "application/x-rtp,media=audio,encoding-name=" + codec.encodingName + ",clock-rate="
                    + codec.clockRate + ",payload=" + payloadType
                    + (codec == OPUS ? ",encoding-params=(string)2" : "");
        }

        String rtpmapLine() {
            return "a=rtpmap:" + payloadType + " " + codec.rtpmapName();
        }
    }

    String rtpmapName() {
        return this == OPUS ? "opus/48000/2" : "PCMU/8000";
    }

    /**
     * Raw caps the encoder wants in front of it: one channel. Opus's rtpmap always says 2 channels
     * (RFC 7587), but a stream is mono unless its receiver asks for stereo with {@code stereo=1},
     * which neither browsers nor Parley's bridge do, and voice is mono: a stereo encoder coded the
     * same voice twice, in about twice the CPU (the media server's largest cost per call).
     */
    String encoderInputCaps() {
        return "audio/x-raw,rate=" + clockRate + ",channels=1";
    }

    /** The codec a payload type stands for in {@code media}, if the engine supports it. */
    static Optional<AudioCodec> of(Sdp.Media media, String payloadType) {
        Optional<String> rtpmap = media.rtpmap(payloadType);
        if (rtpmap.isEmpty()) {
            return "0".equals(payloadType) ? Optional.of(PCMU) : Optional.empty();
        }
        String[] encoding = rtpmap.get().split("/");
        String name = encoding[0].toUpperCase(Locale.ROOT);
        String rate = encoding.length > 1 ? encoding[1] : "";
        if (name.equals("OPUS") && rate.equals("48000")) {
            return Optional.of(OPUS);
        }
        if (name.equals("PCMU") && rate.equals("8000")) {
            return Optional.of(PCMU);
        }
        return Optional.empty();
    }

    /**
     * Every codec of {@code media} the engine can carry, in offer order, each once (with the first
     * payload type the offer gave it): what an answer keeps, as KMS's does.
     */
    static List<Negotiated> allSupported(Sdp.Media media) {
        Map<AudioCodec, Negotiated> found = new LinkedHashMap<>();
        for (String pt : media.formats()) {
            Optional<AudioCodec> codec = of(media, pt);
            if (codec.isPresent() && !found.containsKey(codec.get())) {
                try {
                    found.put(codec.get(), new Negotiated(codec.get(), Integer.parseInt(pt)));
                } catch (NumberFormatException e) {
                    // not a payload type number: not a format the engine can carry
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** The codec an RTP stream's caps name ({@code encoding-name}), if the engine carries it. */
    static Optional<AudioCodec> ofEncodingName(String encodingName) {
        for (AudioCodec codec : values()) {
            if (codec.encodingName.equalsIgnoreCase(encodingName)) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    /** The first format of {@code media}, in offer order, the engine can carry. */
    static Optional<Negotiated> firstSupported(Sdp.Media media) {
        for (String pt : media.formats()) {
            Optional<AudioCodec> codec = of(media, pt);
            if (codec.isPresent()) {
                try {
                    return Optional.of(new Negotiated(codec.get(), Integer.parseInt(pt)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
