package dev.parley.web.signalling;

/**
 * A caption: {@code speaker} {@code user} (partial then final STT results) or {@code agent} (each
 * piece of the reply as its audio starts playing, always final). {@code continued} (user only): the
 * user went on after a pause the agent had taken as the end of the turn, and this text is the whole
 * turn again, so it replaces the turn's earlier caption (and the withdrawn answer's after it).
 */
public record TranscriptMessage(String speaker, boolean partial, String text, Boolean continued) implements ServerMessage {

    public static final String USER = "user";
    public static final String AGENT = "agent";

    /** {@code continued} is only on the wire when true (JSON-B leaves nulls out): most captions do not continue a turn. */
    public TranscriptMessage {
        continued = Boolean.TRUE.equals(continued) ? Boolean.TRUE : null;
    }

    public TranscriptMessage(String speaker, boolean partial, String text) {
        this(speaker, partial, text, null);
    }
}
