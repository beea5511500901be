package dev.parley.speech.stt;

import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.retrieval.KnowledgeEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechHintsTest {
    @Test
    void parsesTheOperatorsCommaSeparatedList() {
        assertEquals(List.of("Parley", "Jakarta EE", "Kurento"), SpeechHints.parse(" Parley, Jakarta   EE ,,Kurento,"));
    }

    @Test
    void refusesAHintThatIsNoWordOrName() {
        SpeechException e = assertThrows(SpeechException.class, () -> new SpeechHints(List.of("what? no"), List.of()));
        assertTrue(e.getMessage().contains("parley.speech.hints"), e.getMessage());
        assertThrows(SpeechException.class, () -> new SpeechHints(List.of("x".repeat(41)), List.of()));
    }

    @Test
    void knowledgeWordsKeepTheSpellingAnAnswerShows() {
        List<KnowledgeEntry> entries = List.of(new KnowledgeEntry(List.of("what is webrtc", "hi {name}"),
                "WebRTC carries {name}'s voice."));
        assertEquals(List.of("Ada", "what", "is", "WebRTC", "hi", "carries", "s", "voice"), SpeechHints.wordsOf(entries, "Ada"));
    }
}
