package dev.parley.speech.llm.retrieval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of the knowledge file's questions that belong to one entry only ("interrupt",
 * "kurento", "latency"), and which entry a user's words name through them. A recognizer that
 * mishears one ordinary word ("caine i interrupt you" for "can I interrupt you") moves the whole
 * sentence's embedding away from the entry, although the word that says what the user wants was
 * heard right; such a word is evidence the embedding alone does not weigh.
 */
final class DistinctiveWords {

    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}\\p{N}']+");
    /** Words that say nothing about the topic, however rarely a question of the file uses them. */
    private static final Set<String> COMMON = Set.of(
            "what", "which", "when", "where", "who", "whom", "whose", "why", "how", "does", "doing", "have", "having",
            "your", "yours", "you're", "with", "about", "there", "their", "that", "this", "these", "those", "then", "than",
            "tell", "please", "could", "would", "should", "will", "shall", "might", "must", "into", "from", "some", "many",
            "much", "very", "just", "also", "well", "like", "want", "need", "know", "make", "made", "good", "okay");
    private static final int SHORTEST = 4;

    private final Map<String, Integer> entryOf = new HashMap<>();

    /** @param questionsPerEntry each entry's questions, in entry order */
    DistinctiveWords(List<List<String>> questionsPerEntry) {
        Map<String, Set<Integer>> entriesOf = new HashMap<>();
        for (int entry = 0; entry < questionsPerEntry.size(); entry++) {
            for (String question : questionsPerEntry.get(entry)) {
                for (String word : words(question)) {
                    entriesOf.computeIfAbsent(word, w -> new HashSet<>()).add(entry);
                }
            }
        }
        entriesOf.forEach((word, entries) -> {
            if (entries.size() == 1) {
                entryOf.put(word, entries.iterator().next());
            }
        });
    }

    /** The one entry that words of {@code text} belong to; empty when none do, or words of several entries do. */
    OptionalInt entryNamedBy(String text) {
        OptionalInt named = OptionalInt.empty();
        for (String word : words(text)) {
            Integer entry = entryOf.get(word);
            if (entry != null) {
                if (named.isPresent() && named.getAsInt() != entry) {
                    return OptionalInt.empty();
                }
                named = OptionalInt.of(entry);
            }
        }
        return named;
    }

    private static List<String> words(String text) {
        return NOT_A_LETTER.splitAsStream(text.toLowerCase(Locale.ROOT))
                .filter(w -> w.length() >= SHORTEST && !COMMON.contains(w))
                .toList();
    }
}
