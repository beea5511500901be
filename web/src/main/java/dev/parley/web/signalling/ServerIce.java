package dev.parley.web.signalling;

/** A media server ICE candidate for the browser; {@code candidate} null means end of candidates. */
public record ServerIce(Candidate candidate) implements ServerMessage {
}
