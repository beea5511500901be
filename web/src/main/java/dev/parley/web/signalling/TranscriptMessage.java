package dev.parley.web.signalling;

/**
 * A caption: {@code speaker} {@code user} (partial then final STT results) or {@code agent} (each
 * piece of the reply as its audio starts playing, always final).
 */
public record TranscriptMessage(String speaker, boolean partial, String text) implements ServerMessage {

    public static final String USER = "user";
    public static final String AGENT = "agent";
}
