package dev.parley.rtp.sdp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpOfferAnswerTest {

    private static final AudioOffer OFFER = new AudioOffer(InetAddress.getLoopbackAddress(), 30_000, AudioOffer.AVP, 96,
            List.of(RtpAudioFormat.OPUS, RtpAudioFormat.PCMU), 12345, "parley-cname", 99);

    /** What Kurento's RtpEndpoint answers to that offer (kurento-behaviour §3.3, §3.5). */
    private static final String KURENTO_ANSWER = String.join("\r\n",
            "v=0",
            "o=- 3912345678 3912345678 IN IP4 10.0.0.5",
            "s=Kurento Media Server",
            "c=IN IP4 10.0.0.5",
            "t=0 0",
            "m=audio 52000 RTP/AVP 96 0",
            "a=rtpmap:96 opus/48000/2",
            "a=rtpmap:0 PCMU/8000",
            "a=sendrecv",
            "a=ssrc:556677 cname:user@kms",
            "");

    @Test
    void theOfferCarriesOpusThenPcmuOnAnEvenPortWithRtcpOnTheNext() {
        String sdp = OFFER.toSdp();
        assertTrue(sdp.startsWith("v=0\r\n"));
        assertTrue(sdp.contains("\r\nc=IN IP4 127.0.0.1\r\n"));
        assertTrue(sdp.contains("\r\nm=audio 30000 RTP/AVP 96 0\r\n"));
        assertTrue(sdp.contains("\r\na=rtpmap:96 opus/48000/2\r\n"));
        assertTrue(sdp.contains("\r\na=fmtp:96 minptime=10;useinbandfec=1\r\n"));
        assertTrue(sdp.contains("\r\na=rtpmap:0 PCMU/8000\r\n"));
        assertTrue(sdp.contains("\r\na=rtcp:30001 IN IP4 127.0.0.1\r\n"));
        assertTrue(sdp.contains("\r\na=sendrecv\r\n"));
        assertTrue(sdp.contains("\r\na=ssrc:12345 cname:parley-cname\r\n"));
        assertTrue(!sdp.contains("rtcp-mux") && !sdp.contains("m=video"));
    }

    @Test
    void theOfferRefusesOddPortsAndStaticOpusPayloadTypes() {
        assertThrows(IllegalArgumentException.class, () -> new AudioOffer(InetAddress.getLoopbackAddress(), 30_001, AudioOffer.AVP, 96,
                List.of(RtpAudioFormat.OPUS), 1, "c", 1));
        assertThrows(IllegalArgumentException.class, () -> new AudioOffer(InetAddress.getLoopbackAddress(), 30_000, AudioOffer.AVP, 8,
                List.of(RtpAudioFormat.OPUS), 1, "c", 1));
        assertThrows(IllegalArgumentException.class, () -> new AudioOffer(InetAddress.getLoopbackAddress(), 30_000, "RTP/SAVP", 96,
                List.of(RtpAudioFormat.OPUS), 1, "c", 1));
    }

    @Test
    void aKurentoAnswerGivesOpusAndItsAddressWithRtcpOnPortPlusOne() throws Exception {
        NegotiatedAudio audio = SdpAnswerParser.parse(KURENTO_ANSWER, OFFER);
        assertEquals(RtpAudioFormat.OPUS, audio.format());
        assertEquals(96, audio.payloadType());
        assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 52000), audio.remoteRtp());
        assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.5"), 52001), audio.remoteRtcp());
        assertEquals(MediaDirection.SEND_RECEIVE, audio.direction());
    }

    @Test
    void mediaLevelAddressAndRtcpAttributeWinOverDefaults() throws Exception {
        String answer = KURENTO_ANSWER.replace("a=sendrecv", "c=IN IP4 192.0.2.7\r\na=rtcp:53001\r\na=recvonly");
        NegotiatedAudio audio = SdpAnswerParser.parse(answer, OFFER);
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 52000), audio.remoteRtp());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 53001), audio.remoteRtcp());
        assertEquals(MediaDirection.SEND_ONLY, audio.direction(), "the far side only receives");
        String withRtcpAddress = KURENTO_ANSWER.replace("a=sendrecv", "a=rtcp:53001 IN IP4 192.0.2.9");
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.9"), 53001),
                SdpAnswerParser.parse(withRtcpAddress, OFFER).remoteRtcp());
    }

    @Test
    void theAnswerersOrderDecidesTheCodecAndItsNumbering() {
        String pcmuFirst = KURENTO_ANSWER.replace("m=audio 52000 RTP/AVP 96 0", "m=audio 52000 RTP/AVPF 0 96");
        NegotiatedAudio pcmu = SdpAnswerParser.parse(pcmuFirst, OFFER);
        assertEquals(RtpAudioFormat.PCMU, pcmu.format());
        assertEquals(0, pcmu.payloadType());
        String renumbered = KURENTO_ANSWER.replace("RTP/AVP 96 0", "RTP/AVP 111").replace("a=rtpmap:96 opus/48000/2", "a=rtpmap:111 OPUS/48000/2");
        NegotiatedAudio opus = SdpAnswerParser.parse(renumbered, OFFER);
        assertEquals(RtpAudioFormat.OPUS, opus.format());
        assertEquals(111, opus.payloadType());
        String noRtpmap = "v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio 52000 RTP/AVP 0\r\n";
        assertEquals(RtpAudioFormat.PCMU, SdpAnswerParser.parse(noRtpmap, OFFER).format(), "static PT 0 needs no rtpmap");
    }

    @Test
    void anAnswerThatRejectsAudioSaysSo() {
        String rejected = KURENTO_ANSWER.replace("m=audio 52000 RTP/AVP 96 0", "m=audio 0 RTP/AVP 96");
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class, () -> SdpAnswerParser.parse(rejected, OFFER));
        assertTrue(e.getMessage().contains("rejects audio"), e.getMessage());
    }

    @Test
    void anAnswerWithoutACommonCodecNamesWhatItListed() {
        String amrOnly = KURENTO_ANSWER.replace("RTP/AVP 96 0", "RTP/AVP 97").replace("a=rtpmap:96 opus/48000/2", "a=rtpmap:97 AMR/8000");
        SdpNegotiationException e = assertThrows(SdpNegotiationException.class, () -> SdpAnswerParser.parse(amrOnly, OFFER));
        assertTrue(e.getMessage().contains("no usable audio codec") && e.getMessage().contains("97 AMR/8000"), e.getMessage());
        AudioOffer pcmuOnly = new AudioOffer(InetAddress.getLoopbackAddress(), 30_000, AudioOffer.AVP, 96, List.of(RtpAudioFormat.PCMU),
                1, "c", 1);
        String opusOnly = KURENTO_ANSWER.replace("RTP/AVP 96 0", "RTP/AVP 96");
        assertThrows(SdpNegotiationException.class, () -> SdpAnswerParser.parse(opusOnly, pcmuOnly), "Opus was not offered");
    }

    @Test
    void brokenAnswersGetErrorsNamingTheCause() {
        assertTrue(message("").contains("empty"));
        assertTrue(message("o=- 1 1 IN IP4 1.2.3.4\r\n").contains("v="));
        assertTrue(message("v=0\r\nc=IN IP4 10.0.0.5\r\nm=video 5000 RTP/AVP 96\r\n").contains("no audio m-line"));
        assertTrue(message("v=0\r\nm=audio 5000 RTP/AVP 0\r\n").contains("no c= line"));
        assertTrue(message("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 5000 RTP/AVP 0\r\n").contains("unspecified"));
        assertTrue(message("v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio 5000 UDP/TLS/RTP/SAVPF 0\r\n").contains("not RTP"));
        assertTrue(message("v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio 99999 RTP/AVP 0\r\n").contains("port"));
        assertTrue(message("v=0\r\nc=IN IP4 10.0.0.5\r\nm=audio x RTP/AVP 0\r\n").contains("not a number"));
    }

    private static String message(String answer) {
        return assertThrows(SdpNegotiationException.class, () -> SdpAnswerParser.parse(answer, OFFER)).getMessage();
    }
}
