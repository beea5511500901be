package dev.parley.kms.support;

/** SDP offers a test writes itself, as an RTP peer would. */
public final class Sdps {
    private Sdps() {
    }

    /** A plain RTP audio offer (Opus and PCMU) from a peer on 127.0.0.1:{@code port}. */
    public static String rtpAudioOffer(int port) {
        return "v=0\r\n"
                + "o=- 1 1 IN IP4 127.0.0.1\r\n"
                + "s=parley test peer\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 96 0\r\n"
                + "a=rtpmap:96 opus/48000/2\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=sendrecv\r\n";
    }
}
