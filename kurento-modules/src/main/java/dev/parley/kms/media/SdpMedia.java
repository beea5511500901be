package dev.parley.kms.media;

/**
 * SDP negotiation. The protocol layer enforces the Kurento state machine (40208/40209/40210)
 * before calling; these methods only build and apply descriptions.
 */
public interface SdpMedia extends ElementMedia {

    /** Applies a remote offer and returns the local answer. Bad SDP: MediaException 40201. */
    String processOffer(String offer);

    /** Builds a local offer (audio and/or video m-lines; video is offered but never carried). */
    String generateOffer(boolean offerAudio, boolean offerVideo);

    /** Applies the remote answer to an offer made by {@link #generateOffer}. Returns the local SDP. */
    String processAnswer(String answer);
}
