package dev.parley.speech.llm.retrieval;

import dev.parley.speech.SoundKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The knowledge file's words by how they sound. A recognizer that mishears one of the file's
 * names writes ordinary words that sound like it ("what is current of" for "what is kurento",
 * "recognise our" for "recognizer"), or runs two of them together ("is there an adminopy" for
 * "is there an admin api"), and the sentence's meaning goes with them: MiniLM puts "what is
 * current of" at 0.53 from "what is kurento", far below any answer. {@link #rewrite} puts the
 * file's words back where a run of one to three of the user's words has exactly the
 * {@link SoundKey} of one of the file's words or of two of them in a row, for the retrieval to try
 * the question once more; whether the rewritten question is then close enough to an entry still
 * decides, so an ordinary sentence that happens to sound like a name is not answered on that alone.
 */
final class SoundAlikes {

    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}\\p{N}']+");
    /**
     * Keys of four consonants or more only: "prl" (parley) is also "pearl" and "barrel", "spk"
     * (speech) "spoke"; four-consonant keys of the built-in file ("krnt", "antrpt", "rknsr") are
     * rarely an ordinary word's.
     */
    private static final int SHORTEST_KEY = 4;
    private static final int LONGEST_RUN = 3;

    /** Each key's words of the file: one word, or two in a row ("admin api"); a key two spellings share is dropped. */
    private final Map<String, String> wordsOfKey = new HashMap<>();
    private final Set<String> ownWords = new HashSet<>();

    /** @param texts the knowledge file's questions (the words a user is expected to say) */
    SoundAlikes(Collection<String> texts) {
        Set<String> ambiguous = new HashSet<>();
        for (String text : texts) {
            List<String> words = words(text);
            ownWords.addAll(words);
            for (int i = 0; i < words.size(); i++) {
                target(words.get(i), ambiguous);
                if (i + 1 < words.size() && SoundKey.of(words.get(i)).length() >= 2 && SoundKey.of(words.get(i + 1)).length() >= 2) {
                    // as for the user's runs: "you understand" would only be "understand" again, and make it ambiguous
                    target(words.get(i) + " " + words.get(i + 1), ambiguous);
                }
            }
        }
        wordsOfKey.keySet().removeAll(ambiguous);
    }

    private void target(String words, Set<String> ambiguous) {
        String key = SoundKey.of(words.replace(" ", ""));
        if (key.length() >= SHORTEST_KEY) {
            String had = wordsOfKey.putIfAbsent(key, words);
            if (had != null && !had.equals(words)) {
                ambiguous.add(key);
            }
        }
    }

    /**
     * A question as rewritten: {@code text} in lower-case words; {@code respelled} when only words
     * split apart or run together were put right ("in stall" for "install": the same letters),
     * {@code soundAlike} when a word was replaced by one that only sounds like it ("current" for
     * "kurento").
     */
    record Rewrite(String text, boolean respelled, boolean soundAlike) {
        boolean changed() {
            return respelled || soundAlike;
        }
    }

    /**
     * {@code text} with each run of one to three words that sounds exactly like a word of the file,
     * or two in a row, replaced by them, the longest run first. A single word the file uses itself
     * stays as it is.
     */
    Rewrite rewrite(String text) {
        List<String> words = words(text);
        List<String> out = new ArrayList<>();
        boolean respelled = false;
        boolean soundAlike = false;
        int i = 0;
        while (i < words.size()) {
            int taken = 0;
            for (int run = Math.min(LONGEST_RUN, words.size() - i); run >= 1 && taken == 0; run--) {
                List<String> runWords = words.subList(i, i + run);
                String joined = String.join("", runWords);
                if (run == 1 ? ownWords.contains(joined) : runWords.stream().anyMatch(w -> SoundKey.of(w).length() < 2)) {
                    continue; // a word of the file's own; or a run with a word of next to no sound ("i", "you", "to")
                }
                String replacement = wordsOfKey.get(SoundKey.of(joined));
                if (replacement == null) {
                    continue;
                }
                out.add(replacement);
                taken = run;
                if (replacement.replace(" ", "").equals(joined)) {
                    respelled |= !replacement.equals(String.join(" ", runWords));
                } else {
                    soundAlike = true;
                }
            }
            if (taken == 0) {
                out.add(words.get(i));
                taken = 1;
            }
            i += taken;
        }
        return new Rewrite(String.join(" ", out), respelled, soundAlike);
    }

    private static List<String> words(String text) {
        return NOT_A_LETTER.splitAsStream(text.toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
    }
}
