package dev.parley.speech.providers;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.moonshine.MoonshineRecognizer;
import dev.parley.speech.stt.vosk.VoskRecognizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded recognizers chosen by name, and their keys. */
class RecognizerProvidersTest {
    private static ProviderFactory factory(Map<String, String> keys) {
        return new ProviderFactory(new SpeechSettingsReader(new MapConfig(keys)), ProviderThreads.named("test"));
    }

    private static SpeechRecognizer named(String name) {
        return factory(Map.of("parley.stt.provider", name)).speechRecognizer(n -> Optional.empty());
    }

    @Test
    void eachBuiltInRecognizerIsFoundByName() throws Exception {
        // Typed: inferred, the classes' common type would be SpeechRecognizer & AutoCloseable, whose
        // close() may throw InterruptedException, which javac's try lint reports.
        Map<String, Class<? extends SpeechRecognizer>> byName = Map.of("vosk", VoskRecognizer.class,
                "moonshine", MoonshineRecognizer.class, "vosk+moonshine", HybridRecognizer.class);
        for (var expected : byName.entrySet()) {
            SpeechRecognizer recognizer = named(expected.getKey());
            try {
                assertInstanceOf(expected.getValue(), recognizer);
            } finally {
                ((AutoCloseable) recognizer).close();
            }
        }
    }

    @Test
    void anUnknownNameListsTheBuiltInRecognizers() {
        SpeechException error = assertThrows(SpeechException.class, () -> named("whisper"));
        assertTrue(error.getMessage().contains("vosk+moonshine, vosk, moonshine, pocketsphinx"), error.getMessage());
    }

    @Test
    void readsTheRecognizerKeys() {
        SpeechSettingsReader reader = new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.stt.vosk.model-dir", "/models/vosk",
                "parley.stt.vosk.partial-interval-millis", "200",
                "parley.stt.moonshine.threads", "2",
                "parley.stt.moonshine.tokens-per-second", "8",
                "parley.stt.moonshine.max-utterance-seconds", "20",
                "parley.stt.vosk-moonshine.pause-millis", "300",
                "parley.stt.vosk-moonshine.min-speech-level", "100",
                "parley.stt.vosk-moonshine.relative-speech-level", "0.2")));
        assertEquals(Optional.of(Path.of("/models/vosk")), reader.vosk().modelDir());
        assertEquals(200, reader.vosk().partialIntervalMillis());
        assertEquals(2, reader.moonshine().intraOpThreads());
        assertEquals(8.0, reader.moonshine().tokensPerSecond());
        assertEquals(20, reader.moonshine().maxUtteranceSeconds());
        assertEquals(300, reader.hybrid().pauseMillis());
        assertEquals(100, reader.hybrid().minSpeechLevel());
        assertEquals(0.2, reader.hybrid().relativeSpeechLevel());
        SpeechException error = assertThrows(SpeechException.class, () -> new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.stt.vosk-moonshine.pause-millis", "10"))).hybrid());
        assertTrue(error.getMessage().contains("pause"), error.getMessage());
    }
}
