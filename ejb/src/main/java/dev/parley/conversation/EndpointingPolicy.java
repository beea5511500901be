package dev.parley.conversation;

import java.util.List;
import java.util.Set;

/**
 * How long the user must be silent before their turn ends. An utterance that ends on a word that
 * cannot end a sentence ("I want to", "salt and") is obviously unfinished and gets a longer wait.
 */
final class EndpointingPolicy {

    private static final Set<String> DANGLING = Set.of(
            "and", "or", "but", "so", "because", "if", "when", "while", "that", "than", "then",
            "to", "of", "for", "with", "in", "on", "at", "from", "about", "into", "by", "like",
            "the", "a", "an", "my", "your", "his", "her", "their", "our", "its", "this", "these",
            "is", "are", "was", "were", "um", "uh", "er", "i");

    private final long silenceMillis;
    private final long unfinishedSilenceMillis;

    EndpointingPolicy(long silenceMillis, long unfinishedSilenceMillis) {
        this.silenceMillis = silenceMillis;
        this.unfinishedSilenceMillis = unfinishedSilenceMillis;
    }

    /** Silence after the last voiced frame that ends a turn whose transcript so far is {@code text}. */
    long requiredSilenceMillis(String text) {
        return looksUnfinished(text) ? unfinishedSilenceMillis : silenceMillis;
    }

    static boolean looksUnfinished(String text) {
        if (text != null && (text.stripTrailing().endsWith("...") || text.stripTrailing().endsWith("…"))) {
            return true;
        }
        List<String> words = Words.of(text);
        return !words.isEmpty() && DANGLING.contains(words.get(words.size() - 1));
    }
}
