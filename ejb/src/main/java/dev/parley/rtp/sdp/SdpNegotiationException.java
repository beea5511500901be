package dev.parley.rtp.sdp;

/** An SDP answer the bridge cannot use; the message names the cause (rejected audio, no common codec, missing address...). */
public final class SdpNegotiationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SdpNegotiationException(String message) {
        super(message);
    }
}
