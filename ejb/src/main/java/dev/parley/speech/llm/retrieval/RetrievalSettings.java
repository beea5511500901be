package dev.parley.speech.llm.retrieval;

import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.Persona;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the offline retrieval responder.
 *
 * @param knowledgeFile    the knowledge file to answer from; empty = the built-in one about Parley
 * @param minRelevance     the least relevance (0..1, LangChain4j's (cosine + 1) / 2) an entry
 *                         needs to be the answer; below it the persona's fallback is said
 * @param tokenDelayMillis pause between streamed tokens, to mimic a generative model's pace
 * @param persona          who is speaking
 */
public record RetrievalSettings(Optional<Path> knowledgeFile, double minRelevance, int tokenDelayMillis, Persona persona) {
    public static final String BUILT_IN_KNOWLEDGE = "/dev/parley/speech/llm/retrieval/parley-knowledge.txt";

    public RetrievalSettings {
        if (minRelevance < 0 || minRelevance > 1) {
            throw new SpeechException("retrieval min-relevance must be within 0..1, got " + minRelevance);
        }
        if (tokenDelayMillis < 0) {
            throw new SpeechException("retrieval token delay must not be negative, got " + tokenDelayMillis);
        }
    }

    public static RetrievalSettings defaults() {
        return new RetrievalSettings(Optional.empty(), 0.78, 0, Persona.defaults());
    }
}
