package dev.parley.web.signalling;

/** Who holds the floor now: {@code listening}, {@code thinking} or {@code speaking}. */
public record StateMessage(String state) implements ServerMessage {
}
