package dev.parley.kms.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a WebRtcEndpoint's SDP maps onto webrtcbin's: webrtcbin negotiates only the carried audio
 * m-line; the peer sees every m-line it offered, in order, with the others rejected (port 0).
 */
final class WebRtcSdp {
    /** KMS numbers dynamic payload types from 96 in its own offers. */
    static final int OFFERED_OPUS_PT = 96;
    private static final int OFFERED_VP8_PT = 97;

    private WebRtcSdp() {
    }

    /**
     * Which m-line carries audio and how.
     *
     * @param mediaCount    m-lines of the SDP the peer sees
     * @param audioIndex    index of the carried audio m-line there, -1 for none
     * @param audioMid      its mid, may be empty
     * @param remoteApplied whether the peer's description is known (remote candidates may be applied)
     * @param videoOffered  whether an own offer carried a (disabled) video m-line
     */
    record Layout(int mediaCount, int audioIndex, String audioMid, AudioCodec.Negotiated codec,
                  boolean remoteApplied, boolean videoOffered) {

        boolean carriesAudio() {
            return audioIndex >= 0;
        }

        Layout withoutAudio() {
            return new Layout(mediaCount, -1, "", null, true, videoOffered);
        }

        Layout applied() {
            return new Layout(mediaCount, audioIndex, audioMid, codec, true, videoOffered);
        }

        static Layout ofOwnOffer(boolean audio, boolean video, Sdp webrtcOffer, AudioCodec.Negotiated codec) {
            String mid = webrtcOffer == null ? "" : webrtcOffer.media.get(0).mid().orElse("");
            return new Layout((audio ? 1 : 0) + (video ? 1 : 0), audio ? 0 : -1, mid, audio ? codec : null, false, video);
        }
    }

    /** Picks the first audio m-line with a port and a codec the engine carries. */
    static Layout chooseAudio(Sdp offer) {
        for (int i = 0; i < offer.media.size(); i++) {
            Sdp.Media m = offer.media.get(i);
            if (m.kind().equals("audio") && m.port() != 0) {
                Optional<AudioCodec.Negotiated> codec = AudioCodec.firstSupported(m);
                if (codec.isPresent()) {
                    return new Layout(offer.media.size(), i, m.mid().orElse(""), codec.get(), true, false);
                }
            }
        }
        return new Layout(offer.media.size(), -1, "", null, true, false);
    }

    /** The peer's SDP cut down to the carried audio m-line, for webrtcbin. */
    static String reduce(Sdp peer, Layout layout) {
        List<String> session = new ArrayList<>();
        for (String line : peer.session) {
            if (line.startsWith("a=group:BUNDLE")) {
                if (!layout.audioMid().isEmpty()) {
                    session.add("a=group:BUNDLE " + layout.audioMid());
                }
            } else {
                session.add(line);
            }
        }
        return Sdp.join(session, List.of(peer.media.get(layout.audioIndex()).lines));
    }

    /**
     * webrtcbin's own answer carries one codec: its audio m-line is given every codec of
     * {@code accepted} (in that order, the first being the one webrtcbin answered), with their
     * rtpmaps, before it becomes the local description, so webrtcbin also knows the payload types
     * the peer may send.
     */
    static String withCodecs(String webrtcAnswer, List<AudioCodec.Negotiated> accepted) {
        Sdp answer = Sdp.parse(webrtcAnswer);
        if (answer.media.isEmpty() || accepted.size() < 2) {
            return webrtcAnswer;
        }
        List<String> lines = new ArrayList<>(answer.media.get(0).lines);
        String[] mLine = lines.get(0).split(" ");
        StringBuilder formats = new StringBuilder(mLine[0] + " " + mLine[1] + " " + mLine[2]);
        accepted.forEach(codec -> formats.append(' ').append(codec.payloadType()));
        lines.set(0, formats.toString());
        int afterRtpmaps = 1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("a=rtpmap:") || lines.get(i).startsWith("a=fmtp:") || lines.get(i).startsWith("a=rtcp-fb:")) {
                afterRtpmaps = i + 1;
            }
        }
        for (AudioCodec.Negotiated codec : accepted.subList(1, accepted.size())) {
            lines.add(afterRtpmaps++, codec.rtpmapLine());
        }
        List<List<String>> media = new ArrayList<>();
        media.add(lines);
        for (int i = 1; i < answer.media.size(); i++) {
            media.add(answer.media.get(i).lines);
        }
        return Sdp.join(answer.session, media);
    }

    /** The answer the peer gets: webrtcbin's audio answer in place, as this endpoint's own, every other offered m-line rejected. */
    static String answer(Sdp offer, Layout layout, Sdp webrtcAnswer, SdpIdentity identity) {
        List<String> session = identity.ownSession(webrtcAnswer == null ? emptySession() : webrtcAnswer.session);
        List<List<String>> media = new ArrayList<>();
        for (int i = 0; i < offer.media.size(); i++) {
            media.add(i == layout.audioIndex() && webrtcAnswer != null
                    ? identity.ownAudio(webrtcAnswer.media.get(0).lines, webrtcAnswer.media.get(0).direction())
                    : rejected(offer.media.get(i)));
        }
        return Sdp.join(session, media);
    }

    /** The offer the peer gets: webrtcbin's audio m-line as this endpoint's own, then a disabled video m-line if asked for. */
    static String offer(Layout layout, Sdp webrtcOffer, SdpIdentity identity) {
        List<String> session = identity.ownSession(webrtcOffer == null ? emptySession() : webrtcOffer.session);
        List<List<String>> media = new ArrayList<>();
        if (webrtcOffer != null) {
            media.add(identity.ownAudio(webrtcOffer.media.get(0).lines, webrtcOffer.media.get(0).direction()));
        }
        if (layout.videoOffered()) {
            media.add(List.of("m=video 0 UDP/TLS/RTP/SAVPF " + OFFERED_VP8_PT, "c=IN IP4 0.0.0.0",
                    "a=rtpmap:" + OFFERED_VP8_PT + " VP8/90000", "a=inactive", "a=mid:video"));
        }
        return Sdp.join(session, media);
    }

    private static List<String> rejected(Sdp.Media offered) {
        List<String> lines = new ArrayList<>();
        lines.add("m=" + offered.kind() + " 0 " + offered.proto() + " " + offered.formats().get(0));
        lines.add("c=IN IP4 0.0.0.0");
        lines.add("a=inactive");
        offered.mid().ifPresent(mid -> lines.add("a=mid:" + mid));
        return lines;
    }

    private static List<String> emptySession() {
        return List.of("v=0", "o=- 0 0 IN IP4 0.0.0.0", SdpIdentity.SESSION_NAME, "t=0 0");
    }
}
