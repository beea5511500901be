package dev.parley.speech.stt;

import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.retrieval.KnowledgeEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words and phrases the users of this deployment are likely to say and a general recognizer is
 * likely to miss: product names, jargon ("Parley", "Kurento", "WebRTC"). Recognizers that can be
 * biased (contextual biasing, as speech services call it "phrase hints" or "keywords") favour them.
 *
 * @param phrases    the operator's hints ({@code parley.speech.hints}): always favoured
 * @param candidates words of the knowledge file: each recognizer favours only those it does not
 *                   already know well (Moonshine: words its vocabulary has no whole piece for)
 */
public record SpeechHints(List<String> phrases, List<String> candidates) {
    /** Longest hint, in characters: a hint is a word or a short name, not a sentence. */
    public static final int MAX_LENGTH = 40;
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}]*");
    private static final Pattern PHRASE = Pattern.compile("[\\p{L}\\p{N}'\\- ]+");

    public SpeechHints {
        phrases = List.copyOf(phrases);
        candidates = List.copyOf(candidates);
        for (String phrase : phrases) {
            if (phrase.isBlank() || phrase.length() > MAX_LENGTH || !PHRASE.matcher(phrase).matches()) {
                throw new SpeechException("speech hint '" + phrase + "' must be 1 to " + MAX_LENGTH
                        + " letters, digits, spaces, apostrophes or hyphens (parley.speech.hints is a comma-separated list)");
            }
        }
    }

    public static SpeechHints none() {
        return new SpeechHints(List.of(), List.of());
    }

    /** The operator's comma-separated hints, e.g. {@code Parley, Kurento, Jakarta EE}. */
    public static List<String> parse(String commaSeparated) {
        List<String> phrases = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String phrase = part.strip().replaceAll("\\s+", " ");
            if (!phrase.isEmpty()) {
                phrases.add(phrase);
            }
        }
        return phrases;
    }

    /**
     * The words of a knowledge file's questions and answers (as written there, each once), the
     * candidates a recognizer picks its hints from, after the persona's name, for which
     * {@code {name}} stands in the file.
     */
    public static List<String> wordsOf(List<KnowledgeEntry> entries, String personaName) {
        Map<String, String> words = new LinkedHashMap<>();
        List<List<String>> all = new ArrayList<>();
        all.add(List.of(personaName));
        for (KnowledgeEntry entry : entries) {
            List<String> texts = new ArrayList<>(entry.questions());
            texts.add(entry.answer());
            all.add(texts);
        }
        for (List<String> texts : all) {
            for (String text : texts) {
                Matcher m = WORD.matcher(text.replace("{name}", personaName));
                while (m.find()) {
                    String key = m.group().toLowerCase(Locale.ROOT);
                    // Questions are written in lower case; an answer may show how the word is spelt ("WebRTC").
                    words.merge(key, m.group(), (had, now) -> had.equals(key) ? now : had);
                }
            }
        }
        return new ArrayList<>(words.values());
    }

    public boolean isEmpty() {
        return phrases.isEmpty() && candidates.isEmpty();
    }
}
