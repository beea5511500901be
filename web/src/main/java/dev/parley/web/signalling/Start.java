package dev.parley.web.signalling;

/**
 * Starts a voice session with the browser's SDP offer.
 *
 * @param version  the protocol version the client speaks; absent means {@link Protocol#VERSION}
 * @param sdpOffer the browser's offer (audio)
 * @param language BCP 47 tag the user speaks, e.g. {@code en-US}; absent means the server's default
 * @param zone     the zone label the caller's media should preferably be in (the widget's {@code zone}
 *                 attribute; see {@code parley.media-server.urls}); absent means any
 */
public record Start(Integer version, String sdpOffer, String language, String zone) implements ClientMessage {
    // One constructor only: JSON-B builds records through their canonical constructor and refuses a record with two.
}
