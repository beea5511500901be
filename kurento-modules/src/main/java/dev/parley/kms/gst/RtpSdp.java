package dev.parley.kms.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** RtpEndpoint SDP per kurento-behaviour §3.5: plain RTP/RTCP on an even/odd port pair, no rtcp-mux. */
final class RtpSdp {
    private RtpSdp() {
    }

    /** Where to send: the m-line's (else the session's) c= address, its port, and a=rtcp or port+1. */
    record Remote(String address, int rtpPort, int rtcpPort) {
        boolean canSend() {
            return rtpPort > 0 && !address.isEmpty() && !address.equals("0.0.0.0") && !address.equals("::");
        }
    }

    /** Local description parameters. */
    record Local(String address, boolean ipv6, int rtpPort, long sessionId, long ssrc) {
        String addressLine() {
            return "IN " + (ipv6 ? "IP6 " : "IP4 ") + address;
        }
    }

    static Optional<Remote> remoteOf(Sdp sdp, Sdp.Media media) {
        Optional<String> address = media.connectionAddress().or(sdp::connectionAddress);
        if (address.isEmpty() || media.port() == 0) {
            return Optional.empty();
        }
        String host = address.get();
        int rtcp = media.port() + 1;
        Optional<String> rtcpAttribute = media.attribute("rtcp");
        if (rtcpAttribute.isPresent()) {
            String[] parts = rtcpAttribute.get().trim().split("\\s+");
            try {
                rtcp = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new dev.parley.kms.media.MediaException(40201, "SDP_PARSE_ERROR", "Error parsing SDP: bad a=rtcp:" + rtcpAttribute.get());
            }
            if (parts.length >= 4) {
                host = parts[3];
            }
        }
        return Optional.of(new Remote(host, media.port(), rtcp));
    }

    /** The answer: offer's m-lines in order, the carried audio one with our port and its supported formats. */
    static String answer(Sdp offer, int audioIndex, Local local) {
        List<List<String>> media = new ArrayList<>();
        for (int i = 0; i < offer.media.size(); i++) {
            Sdp.Media m = offer.media.get(i);
            if (i != audioIndex) {
                media.add(List.of("m=" + m.kind() + " 0 " + m.proto() + " " + m.formats().get(0)));
                continue;
            }
            List<String> formats = new ArrayList<>();
            List<String> rtpmaps = new ArrayList<>();
            for (String pt : m.formats()) {
                AudioCodec.of(m, pt).ifPresent(codec -> {
                    formats.add(pt);
                    rtpmaps.add("a=rtpmap:" + pt + " " + codec.rtpmapName());
                });
            }
            List<String> lines = new ArrayList<>();
            lines.add("m=audio " + local.rtpPort() + " " + m.proto() + " " + String.join(" ", formats));
            lines.addAll(rtpmaps);
            if (m.attribute("rtcp").isPresent()) {
                lines.add("a=rtcp:" + (local.rtpPort() + 1));
            }
            lines.add("a=" + mirror(m.direction()));
            m.attribute("direction").ifPresent(d -> lines.add("a=direction:" + (d.equals("active") ? "passive" : "active")));
            lines.add("a=ssrc:" + local.ssrc() + " cname:parley-" + local.sessionId());
            media.add(lines);
        }
        return Sdp.join(session(local), media);
    }

    /** KMS-style offer: opus on 96 and PCMU on 0; a video m-line is offered disabled (port 0). */
    static String offer(boolean audio, boolean video, Local local) {
        List<List<String>> media = new ArrayList<>();
        if (audio) {
            media.add(List.of("m=audio " + local.rtpPort() + " RTP/AVPF " + WebRtcSdp.OFFERED_OPUS_PT + " 0",
                    "a=rtpmap:" + WebRtcSdp.OFFERED_OPUS_PT + " opus/48000/2",
                    "a=rtpmap:0 PCMU/8000",
                    "a=rtcp:" + (local.rtpPort() + 1),
                    "a=sendrecv",
                    "a=ssrc:" + local.ssrc() + " cname:parley-" + local.sessionId()));
        }
        if (video) {
            media.add(List.of("m=video 0 RTP/AVPF 97", "a=rtpmap:97 VP8/90000", "a=inactive"));
        }
        return Sdp.join(session(local), media);
    }

    private static List<String> session(Local local) {
        return List.of("v=0", "o=- " + local.sessionId() + " 0 " + local.addressLine(), "s=Kurento Media Server",
                "c=" + local.addressLine(), "t=0 0");
    }

    static String mirror(String direction) {
        return switch (direction) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> direction;
        };
    }
}
