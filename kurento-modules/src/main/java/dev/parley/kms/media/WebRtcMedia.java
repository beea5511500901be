package dev.parley.kms.media;

/** A browser-facing endpoint: ICE, DTLS-SRTP, BUNDLE, rtcp-mux, Opus or PCMU audio. */
public interface WebRtcMedia extends SdpMedia, RtpStatistics {

    /** Applies the current STUN/TURN/external address/interface settings (called before negotiation or gathering). */
    void applyIceSettings(IceSettings settings);

    /** Starts gathering; candidates and the end of gathering arrive on the event sink. */
    void gatherCandidates();

    /**
     * Adds a remote candidate. Early candidates (before the remote SDP) are queued; an empty
     * candidate is ignored; an m-line index beyond the local ones is MediaException 40401.
     */
    void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex);
}
