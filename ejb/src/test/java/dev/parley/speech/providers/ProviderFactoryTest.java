package dev.parley.speech.providers;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.ToolBox;
import dev.parley.speech.llm.openai.OpenAiLanguageModel;
import dev.parley.speech.llm.openai.OpenAiSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing providers and reading their settings from MicroProfile Config keys. */
class ProviderFactoryTest {
    private static ProviderFactory factory(Map<String, String> keys) {
        return new ProviderFactory(new SpeechSettingsReader(new MapConfig(keys)), ProviderThreads.named("test"));
    }

    @Test
    void readsTheOpenAiKeysAndThePersona() {
        OpenAiSettings settings = new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.llm.openai.base-url", "http://127.0.0.1:11434/v1",
                "parley.llm.openai.model", "llama3.2",
                "parley.llm.openai.api-key", "secret",
                "parley.llm.openai.temperature", "0.2",
                "parley.llm.persona.name", "Ada"))).openAi();
        assertEquals(URI.create("http://127.0.0.1:11434/v1"), settings.baseUrl());
        assertEquals("llama3.2", settings.model());
        assertEquals("secret", settings.apiKey());
        assertEquals(Optional.of(0.2), settings.temperature());
        assertTrue(settings.persona().personalise(settings.persona().instructions()).startsWith("You are Ada"));
    }

    @Test
    void readsThePocketSphinxKeys() {
        PocketSphinxSettings settings = new SpeechSettingsReader(new MapConfig(Map.of(
                "parley.stt.pocketsphinx.language-model-file", "/models/my.lm.bin",
                "parley.stt.pocketsphinx.cmn-init", "50,0,0,0,0,0,0,0,0,0,0,0,1",
                "parley.stt.pocketsphinx.max-decoders", "2"))).pocketSphinx();
        assertEquals(Path.of("/models/my.lm.bin"), settings.languageModelFile());
        assertEquals(50f, settings.cmnInit().get(0));
        assertEquals(1f, settings.cmnInit().get(12));
        assertEquals(2, settings.maxDecoders());
        assertEquals(PocketSphinxSettings.defaults().acousticModelDir(), settings.acousticModelDir());
    }

    @Test
    void choosesTheOpenAiAdapterByName() {
        LanguageModel model = factory(Map.of("parley.llm.provider", "openai",
                "parley.llm.openai.base-url", "http://127.0.0.1:9/v1")).languageModel(ToolBox.none(), name -> Optional.empty());
        assertInstanceOf(OpenAiLanguageModel.class, model);
    }

    @Test
    void anOperatorsProviderIsFoundByItsName() {
        LanguageModel custom = (history, listener) -> () -> { };
        LanguageModel chosen = factory(Map.of("parley.llm.provider", "acme"))
                .languageModel(ToolBox.none(), name -> name.equals("acme") ? Optional.of(custom) : Optional.empty());
        assertSame(custom, chosen);
    }

    @Test
    void anUnknownProviderNameIsAClearError() {
        SpeechException error = assertThrows(SpeechException.class,
                () -> factory(Map.of("parley.stt.provider", "whisper")).speechRecognizer(name -> Optional.empty()));
        assertTrue(error.getMessage().contains("parley.stt.provider=whisper"), error.getMessage());
        assertTrue(error.getMessage().contains("pocketsphinx"), error.getMessage());
    }

    @Test
    void aBadNumberNamesItsKey() {
        SpeechException error = assertThrows(SpeechException.class, () -> new SpeechSettingsReader(
                new MapConfig(Map.of("parley.tts.flite.chunk-samples", "lots"))).flite());
        assertTrue(error.getMessage().contains("parley.tts.flite.chunk-samples"), error.getMessage());
    }

    @Test
    void aBadBaseUrlIsRefused() {
        SpeechException error = assertThrows(SpeechException.class, () -> new SpeechSettingsReader(
                new MapConfig(Map.of("parley.llm.openai.base-url", "localhost:11434"))).openAi());
        assertTrue(error.getMessage().contains("localhost:11434"), error.getMessage());
    }

    @Test
    void toolsComeFromAgentToolBeans() {
        assertEquals(List.of(), ToolBox.none().specifications());
    }
}
