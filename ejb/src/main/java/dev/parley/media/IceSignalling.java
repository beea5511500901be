package dev.parley.media;

/**
 * The media server's side of trickle ICE, implemented by the signalling layer: each local candidate
 * the WebRtcEndpoint finds goes to the browser. Called on the Kurento client's event threads:
 * be quick (hand the message to an async WebSocket send), never block, never throw.
 */
public interface IceSignalling {

    /** A candidate of the media server for the browser's {@code addIceCandidate}. */
    void sendCandidate(IceCandidateMessage candidate);

    /** The media server found all its candidates (the browser may be told end-of-candidates). */
    default void gatheringDone() {
    }
}
