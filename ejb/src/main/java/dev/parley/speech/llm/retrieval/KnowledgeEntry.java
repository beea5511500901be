package dev.parley.speech.llm.retrieval;

import java.util.List;

/** One answer of the knowledge file and the questions it answers. */
public record KnowledgeEntry(List<String> questions, String answer) {
    public KnowledgeEntry {
        questions = List.copyOf(questions);
    }
}
