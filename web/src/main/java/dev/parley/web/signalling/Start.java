package dev.parley.web.signalling;

/**
 * Starts a voice session with the browser's SDP offer.
 *
 * @param version  the protocol version the client speaks; absent means {@link Protocol#VERSION}
 * @param sdpOffer the browser's offer (audio)
 * @param language BCP 47 tag the user speaks, e.g. {@code en-US}; absent means the server's default
 */
public record Start(Integer version, String sdpOffer, String language) implements ClientMessage {
}
