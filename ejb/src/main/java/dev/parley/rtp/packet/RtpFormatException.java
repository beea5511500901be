package dev.parley.rtp.packet;

/** A datagram that is not a well-formed RTP or RTCP packet; the message names what is wrong. */
public final class RtpFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RtpFormatException(String message) {
        super(message);
    }
}
