package dev.parley.web.signalling;

/** The voice session ended; {@code reason} is stable and machine-readable (e.g. {@code hang-up}), {@code detail} a sentence. */
public record Ended(String sessionId, String reason, String detail) implements ServerMessage {
}
