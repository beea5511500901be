package dev.parley.speech.providers;

import dev.parley.speech.SpeechException;
import dev.parley.speech.stt.SpeechHints;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechHintsSettingsTest {
    private static SpeechHints hints(Map<String, String> keys) {
        return new SpeechSettingsReader(new MapConfig(keys)).speechHints();
    }

    @Test
    void byDefaultTheKnowledgeFilesWordsAndThePersonasNameAreCandidates() {
        SpeechHints hints = hints(Map.of("parley.llm.persona.name", "Ada"));
        assertEquals(List.of(), hints.phrases());
        assertEquals("Ada", hints.candidates().get(0));
        assertTrue(hints.candidates().contains("Kurento") && hints.candidates().contains("WebRTC"), hints.candidates().toString());
    }

    @Test
    void theOperatorsHintsAloneWhenTheKnowledgeFileIsLeftOut() {
        SpeechHints hints = hints(Map.of("parley.speech.hints", "Acme, Jakarta EE", "parley.speech.hints.from-knowledge-file", "false"));
        assertEquals(List.of("Acme", "Jakarta EE"), hints.phrases());
        assertEquals(List.of(), hints.candidates());
    }

    @Test
    void badValuesNameTheirKey() {
        SpeechException flag = assertThrows(SpeechException.class, () -> hints(Map.of("parley.speech.hints.from-knowledge-file", "yes")));
        assertTrue(flag.getMessage().contains("parley.speech.hints.from-knowledge-file"), flag.getMessage());
        SpeechException bonus = assertThrows(SpeechException.class,
                () -> new SpeechSettingsReader(new MapConfig(Map.of("parley.stt.moonshine.hint-bonus", "12"))).moonshine());
        assertTrue(bonus.getMessage().contains("hint bonus"), bonus.getMessage());
    }
}
