package dev.parley.speech.providers;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.stt.openai.OpenAiRecognizerSettings;
import dev.parley.speech.stt.openai.OpenAiSpeechRecognizer;
import dev.parley.speech.tts.openai.OpenAiSpeechSynthesizer;
import dev.parley.speech.tts.openai.OpenAiSynthesizerSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The speech-server adapters chosen by name, and their parley.stt.openai.* and parley.tts.openai.* keys. */
class OpenAiSpeechProvidersTest {
    private static ProviderFactory factory(Map<String, String> keys) {
        return new ProviderFactory(new SpeechSettingsReader(new MapConfig(keys)), ProviderThreads.named("test"));
    }

    @Test
    void readsTheSttKeysAndTheirDefaults() {
        OpenAiRecognizerSettings settings = new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.stt.openai.base-url", "http://127.0.0.1:8000/v1",
                "parley.stt.openai.model", "Systran/faster-whisper-small",
                "parley.stt.openai.api-key", "secret",
                "parley.stt.openai.language", "en",
                "parley.stt.openai.timeout-millis", "5000"))).openAiRecognizer();
        assertEquals(URI.create("http://127.0.0.1:8000/v1"), settings.server().baseUrl());
        assertEquals("Systran/faster-whisper-small", settings.model());
        assertEquals("secret", settings.server().apiKey());
        assertEquals(Optional.of("en"), settings.language());
        assertEquals(5000, settings.server().timeoutMillis());
        assertEquals(120, settings.maxAudioSeconds());

        OpenAiRecognizerSettings defaults = new SpeechSettingsReader(new MapConfig(Map.of())).openAiRecognizer();
        assertEquals(URI.create("https://api.openai.com/v1"), defaults.server().baseUrl());
        assertEquals("whisper-1", defaults.model());
        assertEquals(Optional.empty(), defaults.language());
        assertEquals(30_000, defaults.server().timeoutMillis());
    }

    @Test
    void readsTheTtsKeysAndTheirDefaults() {
        OpenAiSynthesizerSettings settings = new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.tts.openai.base-url", "http://127.0.0.1:8880/v1",
                "parley.tts.openai.model", "kokoro",
                "parley.tts.openai.voice", "af_heart",
                "parley.tts.openai.speed", "1.2",
                "parley.tts.openai.sample-rate-hz", "22050"))).openAiSynthesizer();
        assertEquals(URI.create("http://127.0.0.1:8880/v1"), settings.server().baseUrl());
        assertEquals("kokoro", settings.model());
        assertEquals("af_heart", settings.voice());
        assertEquals(Optional.of(1.2), settings.speed());
        assertEquals(22_050, settings.sampleRateHz());

        OpenAiSynthesizerSettings defaults = new SpeechSettingsReader(new MapConfig(Map.of())).openAiSynthesizer();
        assertEquals("tts-1", defaults.model());
        assertEquals("alloy", defaults.voice());
        assertEquals(Optional.empty(), defaults.speed());
        assertEquals(24_000, defaults.sampleRateHz());
    }

    @Test
    void choosesTheSpeechServerAdaptersByName() {
        SpeechRecognizer recognizer = factory(Map.of("parley.stt.provider", "openai",
                "parley.stt.openai.base-url", "http://127.0.0.1:8000/v1")).speechRecognizer(name -> Optional.empty());
        SpeechSynthesizer synthesizer = factory(Map.of("parley.tts.provider", "openai",
                "parley.tts.openai.base-url", "http://127.0.0.1:8880/v1")).speechSynthesizer(name -> Optional.empty());
        assertInstanceOf(OpenAiSpeechRecognizer.class, recognizer);
        assertInstanceOf(OpenAiSpeechSynthesizer.class, synthesizer);
        ((OpenAiSpeechRecognizer) recognizer).close();
        ((OpenAiSpeechSynthesizer) synthesizer).close();
    }

    @Test
    void badValuesAreNamedByTheirKey() {
        assertEquals("parley.tts.openai.base-url is not a URL: http://bad host/v1",
                assertThrows(SpeechException.class, () -> new SpeechSettingsReader(new MapConfig(Map.of(
                        "parley.tts.openai.base-url", "http://bad host/v1"))).openAiSynthesizer()).getMessage());
        assertEquals("parley.stt.openai.timeout-millis must be a number, got 'soon'",
                assertThrows(SpeechException.class, () -> new SpeechSettingsReader(new MapConfig(Map.of(
                        "parley.stt.openai.timeout-millis", "soon"))).openAiRecognizer()).getMessage());
        assertEquals("the TTS sample rate must be within 4000..192000 Hz, got 100",
                assertThrows(SpeechException.class, () -> new SpeechSettingsReader(new MapConfig(Map.of(
                        "parley.tts.openai.sample-rate-hz", "100"))).openAiSynthesizer()).getMessage());
    }
}
