package dev.parley.rtp.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The SDP offer Parley sends to a Kurento RtpEndpoint: one audio m-line, Opus (dynamic payload type)
 * preferred over PCMU (static 0) unless {@code formats} says otherwise, sendrecv, the bridge's own
 * even RTP port with RTCP on the next port (no rtcp-mux: Kurento's RtpEndpoint has it off).
 *
 * @param address           where the bridge listens (c= and o=)
 * @param rtpPort           even; RTCP is {@code rtpPort + 1}
 * @param profile           {@code RTP/AVP} or {@code RTP/AVPF}; Kurento answers in kind
 * @param opusPayloadType   96..127
 * @param formats           in order of preference, at least one
 * @param ssrc              the bridge's sending SSRC, announced with {@code a=ssrc}
 * @param cname             RTCP CNAME
 * @param sessionId         the o= session id
 */
public record AudioOffer(InetAddress address, int rtpPort, String profile, int opusPayloadType, List<RtpAudioFormat> formats,
                         long ssrc, String cname, long sessionId) {

    public static final String AVP = "RTP/AVP";
    public static final String AVPF = "RTP/AVPF";

    public AudioOffer {
        if (rtpPort <= 0 || rtpPort > 65534 || rtpPort % 2 != 0) {
            throw new IllegalArgumentException("RTP port must be even and leave room for RTCP on port+1, got " + rtpPort);
        }
        if (!AVP.equals(profile) && !AVPF.equals(profile)) {
            throw new IllegalArgumentException("profile must be RTP/AVP or RTP/AVPF, got " + profile);
        }
        if (opusPayloadType < 96 || opusPayloadType > 127) {
            throw new IllegalArgumentException("Opus needs a dynamic payload type in 96..127, got " + opusPayloadType);
        }
        if (formats.isEmpty() || formats.stream().distinct().count() != formats.size()) {
            throw new IllegalArgumentException("offer needs at least one format, each once: " + formats);
        }
        formats = List.copyOf(formats);
    }

    public int rtcpPort() {
        return rtpPort + 1;
    }

    /** The payload type this offer gives {@code format}. */
    public int payloadTypeOf(RtpAudioFormat format) {
        return format == RtpAudioFormat.OPUS ? opusPayloadType : format.staticPayloadType();
    }

    /** The SDP text (CRLF line ends, RFC 4566 §5). */
    public String toSdp() {
        String addressType = address instanceof Inet6Address ? "IP6" : "IP4";
        String host = address.getHostAddress();
        StringBuilder payloadTypes = new StringBuilder();
        StringBuilder attributes = new StringBuilder();
        for (RtpAudioFormat format : formats) {
            int pt = payloadTypeOf(format);
            payloadTypes.append(' ').append(pt);
            attributes.append("a=rtpmap:").append(pt).append(' ').append(format.rtpmap()).append("\r\n");
            if (format == RtpAudioFormat.OPUS) {
                // in-band FEC lets the bridge recover a lost packet from the next one.
                attributes.append("a=fmtp:").append(pt).append(" minptime=10;useinbandfec=1\r\n");
            }
        }
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN " + addressType + " " + host + "\r\n"
                + "s=Parley RTP audio bridge\r\n"
                + "c=IN " + addressType + " " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtpPort + " " + profile + payloadTypes + "\r\n"
                + attributes
                + "a=rtcp:" + rtcpPort() + " IN " + addressType + " " + host + "\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n"
                + "a=ssrc:" + ssrc + " cname:" + cname + "\r\n";
    }
}
