package dev.parley.web.signalling;

/** The media server's SDP answer to {@link Start#sdpOffer()}; {@code sessionId} names the voice session. */
public record Answer(String sessionId, String sdpAnswer) implements ServerMessage {
}
