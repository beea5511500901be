package dev.parley.web.signalling;

/** The answer to a {@link Ping}: same {@code id}, plus the server's wall-clock time in epoch millis. */
public record Pong(String id, long serverTimeMillis) implements ServerMessage {
}
