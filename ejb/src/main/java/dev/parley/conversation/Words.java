package dev.parley.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits transcripts into words the way turn-taking needs them: lower case, punctuation and filler tags gone. */
final class Words {

    private Words() {
    }

    /**
     * The spoken words of {@code text}. Recogniser filler tags such as {@code [NOISE]} or {@code <sil>}
     * are not words; hyphens and apostrophes inside a word are kept ("uh-huh", "don't").
     */
    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        for (String raw : text.trim().split("\\s+")) {
            if (raw.startsWith("[") || raw.startsWith("<") || raw.startsWith("+")) {
                continue;
            }
            String word = raw.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    static int count(String text) {
        return of(text).size();
    }
}
