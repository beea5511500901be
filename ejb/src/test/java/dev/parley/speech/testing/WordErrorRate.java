package dev.parley.speech.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance (substitutions, insertions, deletions) over reference words. */
public final class WordErrorRate {
    private int errors;
    private int referenceWords;

    /** Adds one utterance's reference and hypothesis; returns that utterance's edit distance. */
    public int add(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int distance = distance(ref, hyp);
        errors += distance;
        referenceWords += ref.size();
        return distance;
    }

    public double rate() {
        return referenceWords == 0 ? 0 : (double) errors / referenceWords;
    }

    public int errors() {
        return errors;
    }

    public int referenceWords() {
        return referenceWords;
    }

    /** The words WER compares: lower case, punctuation gone (apostrophes kept). */
    public static List<String> wordsOf(String text) {
        return words(text);
    }

    static List<String> words(String text) {
        String normalised = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").strip();
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split("\\s+"));
    }

    static int distance(List<String> ref, List<String> hyp) {
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hyp.size()];
    }
}
