package dev.parley.kms.gst;

import dev.parley.kms.media.MediaException;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure SDP and address rules behind the endpoints (no GStreamer). */
class SdpRulesTest {
    private static final String SIP_OFFER = "v=0\r\no=- 7 1 IN IP4 10.0.0.5\r\ns=peer\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n"
            + "m=audio 5004 RTP/AVPF 8 111 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:111 opus/48000/2\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=rtcp:6000 IN IP4 10.0.0.9\r\na=sendonly\r\n"
            + "m=video 5006 RTP/AVPF 96\r\na=rtpmap:96 VP8/90000\r\n";

    @Test
    void rtpAnswersKeepOfferOrderAndNumbersDropUnsupportedFormatsAndMirrorDirection() {
        Sdp offer = Sdp.parse(SIP_OFFER);
        String answer = RtpSdp.answer(offer, 0, new RtpSdp.Local("192.0.2.1", false, 30000, 42, 1234));
        assertTrue(answer.contains("m=audio 30000 RTP/AVPF 111 0\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n"), answer);
        assertTrue(answer.contains("a=rtcp:30001\r\n"), answer);
        assertTrue(answer.contains("a=recvonly\r\n"), answer);
        assertTrue(answer.contains("c=IN IP4 192.0.2.1\r\n"), answer);
        assertTrue(answer.contains("m=video 0 RTP/AVPF 96\r\n"), answer);
        assertEquals(new AudioCodec.Negotiated(AudioCodec.OPUS, 111), AudioCodec.firstSupported(offer.media.get(0)).orElseThrow());
    }

    private static final String BROWSER_OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\n"
            + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=ssrc:1111 cname:browser\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n";

    /** What webrtcbin answers: the offer's origin copied back, transport-cc echoed, no SSRC of its own. */
    private static Sdp webrtcbinAnswer(String direction) {
        return Sdp.parse("v=0\r\no=- 4611731400430051336 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=" + direction + "\r\n"
                + "a=rtpmap:111 OPUS/48000/2\r\na=rtcp-fb:111 transport-cc\r\n");
    }

    @Test
    void anAnswerKeepsEveryOfferedCodecTheEngineCarriesInOfferOrderLikeKms() {
        Sdp offer = Sdp.parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtpmap:63 red/48000/2\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\n"
                + "a=rtpmap:126 telephone-event/8000\r\n");
        assertEquals(List.of(new AudioCodec.Negotiated(AudioCodec.OPUS, 111), new AudioCodec.Negotiated(AudioCodec.PCMU, 0)),
                AudioCodec.allSupported(offer.media.get(0)));
        Sdp pcmuFirst = Sdp.parse("v=0\r\no=- 1 2 IN IP4 10.0.0.5\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 96 97\r\n"
                + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:97 OPUS/48000/2\r\n");
        assertEquals(List.of(new AudioCodec.Negotiated(AudioCodec.PCMU, 0), new AudioCodec.Negotiated(AudioCodec.OPUS, 96)),
                AudioCodec.allSupported(pcmuFirst.media.get(0)), "offer order, each codec once");
        assertEquals(AudioCodec.firstSupported(pcmuFirst.media.get(0)).orElseThrow(), AudioCodec.allSupported(pcmuFirst.media.get(0)).get(0),
                "the codec sent is the first answered");

        // webrtcbin answers one codec; its local description is given the others before it is set.
        String widened = WebRtcSdp.withCodecs(webrtcbinAnswer("sendrecv").toString(), AudioCodec.allSupported(offer.media.get(0)));
        assertTrue(widened.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n"), widened);
        assertTrue(widened.contains("a=rtpmap:111 OPUS/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=rtpmap:0 PCMU/8000\r\n"), widened);
        String alone = webrtcbinAnswer("sendrecv").toString();
        assertEquals(alone, WebRtcSdp.withCodecs(alone, List.of(new AudioCodec.Negotiated(AudioCodec.OPUS, 111))), "one codec: unchanged");
    }

    @Test
    void aWebRtcAnswerIsTheEndpointsOwnWithItsOriginSsrcAndMsidLikeKms() {
        Sdp offer = Sdp.parse(BROWSER_OFFER);
        SdpIdentity identity = new SdpIdentity(99, 4_000_000_000L, "user1@host-2a", "stream", "track");
        String answer = WebRtcSdp.answer(offer, WebRtcSdp.chooseAudio(offer), webrtcbinAnswer("sendrecv"), identity);
        assertTrue(answer.startsWith("v=0\r\no=- 99 0 IN IP4 0.0.0.0\r\ns=Kurento Media Server\r\n"), answer);
        assertTrue(answer.contains("a=msid:stream track\r\na=ssrc:4000000000 cname:user1@host-2a\r\n"
                + "a=ssrc:4000000000 msid:stream track\r\n"), answer);
        assertTrue(!answer.contains("transport-cc") && !answer.contains("ssrc:1111"), answer);
        assertTrue(answer.contains("m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"), answer);
        assertEquals(answer, WebRtcSdp.answer(offer, WebRtcSdp.chooseAudio(offer), webrtcbinAnswer("sendrecv"), identity),
                "the same endpoint describes itself the same way");

        String receiving = WebRtcSdp.answer(offer, WebRtcSdp.chooseAudio(offer), webrtcbinAnswer("recvonly"), identity);
        assertTrue(!receiving.contains("a=ssrc") && !receiving.contains("a=msid"), "nothing sent, no SSRC declared: " + receiving);
    }

    @Test
    void endpointsPickTheirOwnNonZeroThirtyTwoBitSsrcAndSessionId() {
        SdpIdentity a = SdpIdentity.random();
        SdpIdentity b = SdpIdentity.random();
        assertTrue(a.ssrc() > 0 && a.ssrc() < (1L << 32), String.valueOf(a.ssrc()));
        assertTrue(a.sessionId() > 0);
        assertTrue(a.cname().matches("user[0-9]+@host-[0-9a-f]+"), a.cname());
        assertTrue(a.ssrc() != b.ssrc() || a.sessionId() != b.sessionId());
    }

    @Test
    void rtpSendsToTheMediaAddressAndTheRtcpAttribute() {
        Sdp offer = Sdp.parse(SIP_OFFER);
        assertEquals(new RtpSdp.Remote("10.0.0.9", 5004, 6000), RtpSdp.remoteOf(offer, offer.media.get(0)).orElseThrow());
        Sdp plain = Sdp.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\nc=IN IP4 10.1.1.1\r\n");
        assertEquals(new RtpSdp.Remote("10.1.1.1", 7000, 7001), RtpSdp.remoteOf(plain, plain.media.get(0)).orElseThrow());
        Sdp noAddress = Sdp.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n");
        assertTrue(RtpSdp.remoteOf(noAddress, noAddress.media.get(0)).isEmpty(), "o= is not a destination");
    }

    @Test
    void notAnSdpIsA40201() {
        for (String bad : new String[] {null, "", "  ", "nonsense", "o=- 1 1 IN IP4 1.2.3.4\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n", "v=0\r\nm=audio 9\r\n"}) {
            MediaException e = assertThrows(MediaException.class, () -> Sdp.parse(bad), String.valueOf(bad));
            assertEquals(40201, e.code());
            assertEquals("SDP_PARSE_ERROR", e.type());
        }
    }

    @Test
    void externalAddressesReplaceOnlyHostCandidatesOfTheirFamily() {
        assertEquals("candidate:1 1 UDP 2015363327 198.51.100.2 5000 typ host",
                ExternalAddress.apply("candidate:1 1 UDP 2015363327 10.0.0.2 5000 typ host", "198.51.100.2", ""));
        String relay = "candidate:3 1 UDP 5000 10.9.9.9 6000 typ relay raddr 10.0.0.2 rport 5000";
        assertEquals(relay, ExternalAddress.apply(relay, "198.51.100.2", ""));
        String v6 = "candidate:2 1 UDP 2015363327 2001:db8::1 5000 typ host";
        assertEquals(v6, ExternalAddress.apply(v6, "198.51.100.2", ""));
        assertEquals("candidate:2 1 UDP 2015363327 2001:db8::7 5000 typ host", ExternalAddress.apply(v6, "", "2001:db8::7"));
    }

    @Test
    void kurentoTurnUrlsBecomeWebrtcbinUris() {
        assertEquals("turn://user:pass@127.0.0.1:3478", TurnUrl.toGstreamer("user:pass@127.0.0.1:3478"));
        assertEquals("turn://user:pass@turn.example:3478?transport=tcp", TurnUrl.toGstreamer("user:pass@turn.example:3478?transport=tcp"));
        assertEquals("turns://user:pass@turn.example:5349", TurnUrl.toGstreamer("user:pass@turn.example:5349?transport=tls"));
        assertThrows(IllegalArgumentException.class, () -> TurnUrl.toGstreamer("turn.example:3478"));
    }

    @Test
    void interfacesResolveToAddressesAlwaysWithLoopback() {
        assertTrue(LocalAddresses.resolve(List.of("lo")).contains("127.0.0.1"));
        assertEquals(List.of("192.0.2.10", "127.0.0.1"), LocalAddresses.resolve(List.of("192.0.2.10")));
        assertEquals("192.0.2.10", LocalAddresses.firstIpv4(List.of("127.0.0.1", "192.0.2.10")));
        assertEquals("127.0.0.1", LocalAddresses.firstIpv4(List.of("127.0.0.1", "::1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalAddresses.resolve(List.of("nosuchif0")));
        assertTrue(e.getMessage().contains("nosuchif0"));
    }
}
