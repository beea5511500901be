package dev.parley.web.signalling;

/**
 * The user's voice (or a noise) over the agent paused it at once; {@code agent-resumed} or
 * {@code interrupted} follows when it is clear which it was. A client stops nothing on its own:
 * the server already holds the rest of the reply.
 */
public record AgentPausedMessage() implements ServerMessage {
}
