package dev.parley.speech.stt;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a recognizer's written text ("What is Parley?") into the plain words the conversation
 * engine's rules expect ("what is parley"): lower case, punctuation gone, apostrophes and hyphens
 * inside words kept ("don't", "uh-huh").
 */
public final class SpokenWords {
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}'\\-]+");
    private static final Pattern EDGE = Pattern.compile("(?<![\\p{L}\\p{N}])['\\-]+|['\\-]+(?![\\p{L}\\p{N}])");

    private SpokenWords() {
    }

    public static String of(String written) {
        if (written == null || written.isBlank()) {
            return "";
        }
        String text = Normalizer.normalize(written, Normalizer.Form.NFKC).replace('\u2019', '\'').toLowerCase(Locale.ROOT);
        text = NOT_WORD.matcher(text).replaceAll(" ");
        text = EDGE.matcher(text).replaceAll(" ");
        return text.strip().replaceAll("\\s+", " ");
    }
}
