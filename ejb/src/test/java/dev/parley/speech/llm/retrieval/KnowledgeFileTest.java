package dev.parley.speech.llm.retrieval;

import dev.parley.speech.SpeechException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnowledgeFileTest {
    @Test
    void readsQuestionsAnswersAndSkipsComments() {
        List<KnowledgeEntry> entries = KnowledgeFile.parse("# about\n? a | b\nfirst line\nsecond line\n\n\nno questions here\n", "test");
        assertEquals(List.of(new KnowledgeEntry(List.of("a", "b"), "first line second line"),
                new KnowledgeEntry(List.of(), "no questions here")), entries);
    }

    @Test
    void questionsWithoutAnAnswerOrAnEmptyFileAreErrors() {
        SpeechException orphan = assertThrows(SpeechException.class, () -> KnowledgeFile.parse("? lonely question\n\nanswer\n", "f.txt"));
        assertTrue(orphan.getMessage().contains("lonely question"), orphan.getMessage());
        assertThrows(SpeechException.class, () -> KnowledgeFile.parse("# only a comment\n", "f.txt"));
    }

    @Test
    void theBuiltInKnowledgeFileParses() {
        assertTrue(KnowledgeFile.readBuiltIn().size() >= 10);
    }
}
