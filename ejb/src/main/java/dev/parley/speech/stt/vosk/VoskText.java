package dev.parley.speech.stt.vosk;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;

/**
 * The words of one utterance from Vosk's JSON results. Vosk ends a segment on its own when it
 * hears a pause, and its partial then starts again from nothing: the finished segments are kept
 * here so the utterance's text only grows.
 */
final class VoskText {
    private final StringBuilder done = new StringBuilder();

    /** A {@code {"text": ...}} result: a segment is over. */
    void segmentEnded(String json) {
        append(done, field(json, "text"));
    }

    /** The utterance so far with a {@code {"partial": ...}} result of the open segment. */
    String withPartial(String json) {
        StringBuilder text = new StringBuilder(done);
        append(text, field(json, "partial"));
        return text.toString();
    }

    String done() {
        return done.toString();
    }

    private static void append(StringBuilder to, String words) {
        if (!words.isBlank()) {
            to.append(to.length() == 0 ? "" : " ").append(words.strip());
        }
    }

    static String field(String json, String name) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return object.getString(name, "");
        }
    }
}
