package dev.parley.web.signalling;

/** Liveness probe: answered with a {@link Pong} carrying the same {@code id}. */
public record Ping(String id) implements ClientMessage {
}
