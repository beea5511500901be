package dev.parley.media;

import java.util.Objects;

/**
 * One trickled ICE candidate as the browser's RTCIceCandidate carries it, free of Kurento types so
 * that the signalling layer can pass it through JSON as is.
 */
public record IceCandidateMessage(String candidate, String sdpMid, int sdpMLineIndex) {
    public IceCandidateMessage {
        Objects.requireNonNull(candidate, "candidate");
    }
}
