package dev.parley.web.signalling;

/** A browser ICE candidate for the media server. */
public record ClientIce(Candidate candidate) implements ClientMessage {
}
