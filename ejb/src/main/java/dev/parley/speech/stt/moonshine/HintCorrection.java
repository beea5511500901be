package dev.parley.speech.stt.moonshine;

import dev.parley.speech.SoundKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposes, after decoding, a hint name where Moonshine wrote another word that sounds the same
 * ("Barley" or "Parale" for Parley, "carriento" for Kurento): the decoder's bias can only tip a
 * close choice piece by piece, and the first piece of a name is often not close ("▁Bar" 3.5
 * logits ahead of "▁Par") although the whole word may well be the name. The model decides:
 * {@link MoonshineModel} keeps a candidate only if it scores the text with the name as likely as
 * the text it wrote, the name's pieces given the hint bonus each (as the greedy bias would).
 *
 * <p>The candidates are few, so that ordinary speech is not even put to that test:
 * <ul>
 *   <li>only names are targets: hint words written with a capital letter (Parley, Kurento,
 *       WebRTC, Moonshine) or given by the operator, whose sound key has three consonants or more;</li>
 *   <li>only a word the model's vocabulary does not hold whole is replaced: "current", "car",
 *       "virgin" are words the model knows and wrote on purpose, "carriento" is not;</li>
 *   <li>the two must have the same {@link SoundKey sound key} exactly (no distance), and only one
 *       target may have it.</li>
 * </ul>
 */
final class HintCorrection {
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final int MIN_KEY = 3;

    /** Each target's sound key and written form; a key two targets share is ambiguous and dropped. */
    private final Map<String, String> targets = new HashMap<>();
    private final Predicate<String> knownWord;

    HintCorrection(List<String> names, Predicate<String> knownWord) {
        this.knownWord = knownWord;
        Set<String> ambiguous = new HashSet<>();
        for (String name : names) {
            if (!WORD.matcher(name).matches()) {
                continue; // phrases and names with digits or hyphens: no single word to compare with
            }
            String key = SoundKey.of(name);
            if (key.length() >= MIN_KEY) {
                String had = targets.putIfAbsent(key, name);
                if (had != null && !had.equalsIgnoreCase(name)) {
                    ambiguous.add(key);
                }
            }
        }
        targets.keySet().removeAll(ambiguous);
    }

    /** The names among the hint words (a capital letter as written) plus the operator's hints. */
    static HintCorrection of(LlamaVocabulary vocabulary, List<String> operatorHints, List<String> hintWords) {
        List<String> names = new ArrayList<>(operatorHints);
        for (String word : hintWords) {
            if (!word.equals(word.toLowerCase(Locale.ROOT))) {
                names.add(word);
            }
        }
        return new HintCorrection(names, word -> HintBias.knownWord(vocabulary, word));
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** A name that may stand where {@code written} has another word, at {@code start} to {@code end}. */
    record Candidate(int start, int end, String name) {
        String applyTo(String written) {
            return written.substring(0, start) + name + written.substring(end);
        }
    }

    /** The words of {@code written} that sound like exactly one name and are not words the model knows well, last first. */
    List<Candidate> candidates(String written) {
        List<Candidate> found = new ArrayList<>();
        if (targets.isEmpty()) {
            return found;
        }
        Matcher m = WORD.matcher(written);
        while (m.find()) {
            String word = m.group();
            String name = targets.get(SoundKey.of(word));
            if (name != null && !name.equalsIgnoreCase(word) && !knownWord.test(word)) {
                found.add(0, new Candidate(m.start(), m.end(), name));
            }
        }
        return found;
    }
}
