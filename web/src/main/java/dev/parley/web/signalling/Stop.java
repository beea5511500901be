package dev.parley.web.signalling;

/** Hangs up: the voice session ends with reason {@code hang-up}; the socket stays open for a new start. */
public record Stop(String reason) implements ClientMessage {
}
