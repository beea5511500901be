package dev.parley.rtp.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an SDP answer to an {@link AudioOffer} the way Kurento's RtpEndpoint writes one
 * (kurento-behaviour §3.3/§3.5): the first audio m-line decides; its c= (else the session c=) and
 * port are where RTP goes; RTCP goes to {@code a=rtcp} or port+1; the codec is the first payload
 * type in the answer's order that the offer carried.
 */
public final class SdpAnswerParser {

    private SdpAnswerParser() {
    }

    /** The negotiated audio, or a {@link SdpNegotiationException} naming why the answer is unusable. */
    public static NegotiatedAudio parse(String answer, AudioOffer offer) {
        if (answer == null || answer.isBlank()) {
            throw new SdpNegotiationException("SDP answer is empty");
        }
        String[] lines = answer.split("\r?\n");
        if (!lines[0].trim().startsWith("v=")) {
            throw new SdpNegotiationException("SDP answer does not start with v=: " + lines[0]);
        }
        String sessionConnection = null;
        String sessionDirection = "sendrecv";
        MediaSection audio = null;
        boolean inAudio = false;
        boolean audioSeen = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 'm' -> {
                    inAudio = value.startsWith("audio ") && !audioSeen;
                    if (inAudio) {
                        audio = MediaSection.fromMediaLine(value);
                        audioSeen = true;
                    }
                }
                case 'c' -> {
                    if (inAudio) {
                        audio.connection = value;
                    } else if (!audioSeen) {
                        sessionConnection = value;
                    }
                }
                case 'a' -> {
                    if (inAudio) {
                        audio.attribute(value);
                    } else if (!audioSeen && isDirection(value)) {
                        sessionDirection = value;
                    }
                }
                default -> {
                    // other lines (o=, s=, t=, b=...) do not change where or how audio flows
                }
            }
        }
        if (audio == null) {
            throw new SdpNegotiationException("SDP answer has no audio m-line");
        }
        if (audio.port == 0) {
            throw new SdpNegotiationException("SDP answer rejects audio (m=audio port 0); offered " + offer.formats());
        }
        String connection = audio.connection != null ? audio.connection : sessionConnection;
        if (connection == null) {
            throw new SdpNegotiationException("SDP answer has no c= line for audio, neither media- nor session-level");
        }
        InetAddress address = connectionAddress(connection);
        if (address.isAnyLocalAddress()) {
            throw new SdpNegotiationException("SDP answer's audio address " + address.getHostAddress() + " is unspecified; nowhere to send RTP");
        }
        Chosen chosen = audio.chooseFormat(offer);
        InetSocketAddress rtcp = audio.rtcpPort > 0
                ? new InetSocketAddress(audio.rtcpAddress != null ? connectionHost(audio.rtcpAddress) : address, audio.rtcpPort)
                : new InetSocketAddress(address, audio.port + 1);
        MediaDirection direction = MediaDirection.fromRemoteAttribute(audio.direction != null ? audio.direction : sessionDirection);
        return new NegotiatedAudio(chosen.format, chosen.payloadType, new InetSocketAddress(address, audio.port), rtcp, direction);
    }

    private static boolean isDirection(String attribute) {
        return attribute.equals("sendrecv") || attribute.equals("sendonly") || attribute.equals("recvonly") || attribute.equals("inactive");
    }

    /** {@code IN IP4 203.0.113.1[/ttl]} to an address. */
    private static InetAddress connectionAddress(String connection) {
        String[] parts = connection.trim().split("\\s+");
        if (parts.length != 3 || !parts[0].equals("IN") || !(parts[1].equals("IP4") || parts[1].equals("IP6"))) {
            throw new SdpNegotiationException("SDP answer has a malformed c= line: c=" + connection);
        }
        return connectionHost(parts[2]);
    }

    private static InetAddress connectionHost(String host) {
        String bare = host.contains("/") ? host.substring(0, host.indexOf('/')) : host;
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw new SdpNegotiationException("SDP answer names an address that does not resolve: " + bare);
        }
    }

    private record Chosen(RtpAudioFormat format, int payloadType) {
    }

    /** The attributes of the first audio m-line that matter to the bridge. */
    private static final class MediaSection {
        final int port;
        final List<Integer> payloadTypes;
        final Map<Integer, String> rtpmaps = new HashMap<>();
        String connection;
        String direction;
        int rtcpPort;
        String rtcpAddress;

        private MediaSection(int port, List<Integer> payloadTypes) {
            this.port = port;
            this.payloadTypes = payloadTypes;
        }

        static MediaSection fromMediaLine(String value) {
            String[] parts = value.trim().split("\\s+");
            if (parts.length < 3) {
                throw new SdpNegotiationException("SDP answer has a malformed m= line: m=" + value);
            }
            String portField = parts[1].contains("/") ? parts[1].substring(0, parts[1].indexOf('/')) : parts[1];
            int port = parseNumber(portField, "m=audio port", 0, 65535);
            if (!parts[2].startsWith("RTP/")) {
                throw new SdpNegotiationException("SDP answer's audio transport " + parts[2] + " is not RTP");
            }
            List<Integer> payloadTypes = new ArrayList<>();
            for (int i = 3; i < parts.length; i++) {
                payloadTypes.add(parseNumber(parts[i], "m=audio payload type", 0, 127));
            }
            return new MediaSection(port, payloadTypes);
        }

        void attribute(String value) {
            if (isDirection(value)) {
                direction = value;
            } else if (value.startsWith("rtpmap:")) {
                String[] parts = value.substring("rtpmap:".length()).trim().split("\\s+", 2);
                if (parts.length == 2) {
                    rtpmaps.put(parseNumber(parts[0], "a=rtpmap payload type", 0, 127), parts[1].trim());
                }
            } else if (value.startsWith("rtcp:")) {
                String[] parts = value.substring("rtcp:".length()).trim().split("\\s+");
                rtcpPort = parseNumber(parts[0], "a=rtcp port", 1, 65535);
                if (parts.length == 4) {
                    rtcpAddress = parts[3];
                }
            }
        }

        Chosen chooseFormat(AudioOffer offer) {
            List<String> seen = new ArrayList<>();
            for (int pt : payloadTypes) {
                Optional<RtpAudioFormat> format = formatOf(pt, offer);
                if (format.isPresent() && offer.formats().contains(format.get())) {
                    return new Chosen(format.get(), pt);
                }
                seen.add(pt + (rtpmaps.containsKey(pt) ? " " + rtpmaps.get(pt) : ""));
            }
            throw new SdpNegotiationException("SDP answer has no usable audio codec: it lists " + seen + ", the offer was "
                    + offer.formats());
        }

        private Optional<RtpAudioFormat> formatOf(int pt, AudioOffer offer) {
            String rtpmap = rtpmaps.get(pt);
            if (rtpmap != null) {
                String[] fields = rtpmap.split("/");
                if (fields.length < 2) {
                    return Optional.empty();
                }
                try {
                    return RtpAudioFormat.fromRtpmap(fields[0], Integer.parseInt(fields[1].trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            // Without an rtpmap a payload type means what the offer gave it (static PT 0 is PCMU anyway).
            for (RtpAudioFormat format : offer.formats()) {
                if (offer.payloadTypeOf(format) == pt) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }

        private static int parseNumber(String text, String what, int min, int max) {
            try {
                int n = Integer.parseInt(text.trim());
                if (n < min || n > max) {
                    throw new SdpNegotiationException("SDP answer's " + what + " " + n + " is outside " + min + ".." + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new SdpNegotiationException("SDP answer's " + what + " is not a number: " + text);
            }
        }
    }
}
