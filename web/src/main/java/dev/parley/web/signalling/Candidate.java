package dev.parley.web.signalling;

/** One trickled ICE candidate, shaped like the browser's RTCIceCandidateInit. */
public record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
}
