package dev.parley.web.signalling;

/** The user barged in: the agent stopped; {@code heardText} is what the user heard of the reply. */
public record Interrupted(String heardText) implements ServerMessage {
}
