package dev.parley.web.signalling;

/**
 * The client's first message: the protocol version it speaks. Answered with {@link Ready} (the
 * ICE servers the browser needs before it can make its offer), or with an
 * {@code unsupported-version} error.
 */
public record Hello(Integer version) implements ClientMessage {
}
