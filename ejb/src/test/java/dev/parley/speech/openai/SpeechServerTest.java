package dev.parley.speech.openai;

import dev.parley.speech.SpeechException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's address rules and how its error bodies become one readable line. */
class SpeechServerTest {
    private static Optional<String> message(String body) {
        return SpeechServer.serverMessage(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheMessageOfEachErrorShapeServersSend() {
        assertEquals(Optional.of("Invalid file format."),
                message("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\",\"code\":null}}"));
        assertEquals(Optional.of("model not loaded"), message("{\"error\":\"model not loaded\"}"));
        assertEquals(Optional.of("Voice 'xx' not found"), message("{\"detail\":\"Voice 'xx' not found\"}"));
        assertEquals(Optional.of("field required"),
                message("{\"detail\":[{\"loc\":[\"body\",\"input\"],\"msg\":\"field required\",\"type\":\"value_error\"}]}"));
        assertEquals(Optional.of("bad things"), message("{\"message\":\"bad things\",\"code\":500}"));
        assertEquals(Optional.of("Internal Server Error"), message("Internal Server Error\n"));
        assertEquals(Optional.of("{not json"), message("{not json"));
        assertEquals(Optional.empty(), message("   "));
        String longText = "x".repeat(1000);
        assertEquals(303, message(longText).orElseThrow().length(), "cut to 300 characters and an ellipsis");
    }

    @Test
    void anHttpErrorNamesTheServerTheRequestTheStatusAndTheMessage() {
        SpeechServer server = new SpeechServer("TTS", URI.create("http://127.0.0.1:9/v1"), "none", 1000);
        SpeechException error = server.httpError("POST /audio/speech", 404,
                "{\"error\":{\"message\":\"model 'kokoro' not found\"}}".getBytes(StandardCharsets.UTF_8));
        assertEquals("TTS server at http://127.0.0.1:9/v1 answered POST /audio/speech with HTTP 404: model 'kokoro' not found",
                error.getMessage());
    }

    @Test
    void endpointsJoinWithOrWithoutATrailingSlash() {
        assertEquals(URI.create("http://h:1/v1/audio/speech"),
                new SpeechServer("TTS", URI.create("http://h:1/v1/"), "k", 1).endpoint("audio/speech"));
        assertEquals(URI.create("http://h:1/v1/audio/speech"),
                new SpeechServer("TTS", URI.create("http://h:1/v1"), "k", 1).endpoint("audio/speech"));
    }

    @Test
    void refusesWhatCannotWork() {
        assertTrue(assertThrows(SpeechException.class, () -> new SpeechServer("STT", URI.create("ftp://h/v1"), "k", 1))
                .getMessage().contains("http(s) URL"));
        assertThrows(SpeechException.class, () -> new SpeechServer("STT", URI.create("http://h/v1"), " ", 1));
        assertThrows(SpeechException.class, () -> new SpeechServer("STT", URI.create("http://h/v1"), "k", 0));
    }
}
