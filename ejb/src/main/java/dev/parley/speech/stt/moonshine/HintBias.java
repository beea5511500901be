package dev.parley.speech.stt.moonshine;

import dev.parley.speech.stt.SpeechHints;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Contextual biasing of Moonshine's greedy decoder toward hint words ("hotwords"): where a
 * piece would begin a hint word at a word start, or continue one the decoder has begun, its logit
 * gets a bonus of at most {@code bonus} for that step. The bonus can only change a choice the
 * model found close (within {@code bonus} of its best piece); what the audio clearly says wins.
 *
 * <p>The hints are matched as text, not as one fixed tokenisation: any piece that spells the next
 * characters of a hint counts, so no SentencePiece encoder is needed and the model's own scores
 * pick among the ways to spell it. A piece that leaves every hint ends the bias until the next
 * word start, so a wrong start costs at most one piece and the word is still spelt as heard.
 */
final class HintBias {
    private final LlamaVocabulary vocabulary;
    private final float bonus;
    /** Each hint as the decoder would spell it: U+2581 before every word, in each case form. */
    private final String[] spellings;
    /** Pieces that begin a hint at a word start, and the hints each begins. */
    private final Map<Integer, int[]> starts = new HashMap<>();
    private final int[] startIds;

    private HintBias(LlamaVocabulary vocabulary, List<String> hints, float bonus) {
        this.vocabulary = vocabulary;
        this.bonus = bonus;
        Set<String> forms = new LinkedHashSet<>();
        for (String hint : hints) {
            String lower = hint.toLowerCase(Locale.ROOT);
            List<String> caseForms = new ArrayList<>(List.of(hint, lower, Character.toUpperCase(lower.charAt(0)) + lower.substring(1)));
            if (hint.length() <= 4) {
                caseForms.add(hint.toUpperCase(Locale.ROOT)); // short ones are often acronyms: "LLM"
            }
            for (String form : caseForms) {
                forms.add(LlamaVocabulary.WORD_START + form.replace(' ', LlamaVocabulary.WORD_START));
            }
        }
        this.spellings = forms.toArray(String[]::new);
        Map<Integer, List<Integer>> begins = new HashMap<>();
        for (int h = 0; h < spellings.length; h++) {
            String spelling = spellings[h];
            int firstWord = spelling.indexOf(LlamaVocabulary.WORD_START, 1);
            int firstWordLength = (firstWord < 0 ? spelling.length() : firstWord) - 1;
            // A bare word start or a single letter begins too many words to favour it alone.
            for (int end = 1 + Math.min(2, firstWordLength); end <= spelling.length(); end++) {
                int id = vocabulary.id(spelling.substring(0, end));
                if (id >= 0) {
                    begins.computeIfAbsent(id, k -> new ArrayList<>()).add(h);
                }
            }
        }
        begins.forEach((id, list) -> starts.put(id, list.stream().mapToInt(Integer::intValue).toArray()));
        // A phrase ("what is kurento") is followed once the decoder chose its first word itself:
        // favouring common first words everywhere would bend ordinary speech toward the phrases.
        this.startIds = begins.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(h -> spellings[h].indexOf(LlamaVocabulary.WORD_START, 1) < 0))
                .mapToInt(Map.Entry::getKey).sorted().toArray();
    }

    /**
     * The bias for the operator's hints and those candidates the vocabulary has no whole-word piece
     * for (in any case form): a word the model writes as one piece is one it knows well.
     */
    static HintBias of(LlamaVocabulary vocabulary, SpeechHints hints, float bonus) {
        return new HintBias(vocabulary, hintWords(vocabulary, hints), bonus);
    }

    /** The operator's hints, then the candidates the model does not know well. */
    static List<String> hintWords(LlamaVocabulary vocabulary, SpeechHints hints) {
        Set<String> words = new LinkedHashSet<>(hints.phrases());
        for (String candidate : hints.candidates()) {
            if (!knownWord(vocabulary, candidate)) {
                words.add(candidate);
            }
        }
        return new ArrayList<>(words);
    }

    static boolean knownWord(LlamaVocabulary vocabulary, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return vocabulary.isOnePiece(word) || vocabulary.isOnePiece(lower)
                || vocabulary.isOnePiece(Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
    }

    boolean isEmpty() {
        return spellings.length == 0;
    }

    /** The hints as spelt for the decoder, for logs and tests. */
    List<String> spellings() {
        return List.of(spellings);
    }

    /** The bias state of one decoding: which hints it is in the middle of. */
    Decoding start() {
        return new Decoding();
    }

    final class Decoding {
        /** Hints begun and not left: index into spellings, and characters matched so far. */
        private int[] hint = new int[8];
        private int[] matched = new int[8];
        private int active;

        /** The piece greedy decoding takes from these logits, with the bias applied. */
        int choose(FloatBuffer logits) {
            int best = 0;
            float bestValue = Float.NEGATIVE_INFINITY;
            int n = logits.limit();
            for (int i = 0; i < n; i++) {
                float v = logits.get(i);
                if (v > bestValue) {
                    bestValue = v;
                    best = i;
                }
            }
            if (bonus > 0) {
                float threshold = bestValue - bonus;
                for (int id : startIds) {
                    float v = logits.get(id);
                    if (v > threshold && v + bonus > bestValue) {
                        bestValue = v + bonus;
                        best = id;
                    }
                }
                for (int a = 0; a < active; a++) {
                    String spelling = spellings[hint[a]];
                    for (int end = matched[a] + 1; end <= spelling.length(); end++) {
                        int id = vocabulary.id(spelling.substring(matched[a], end));
                        if (id >= 0 && logits.get(id) + bonus > bestValue) {
                            bestValue = logits.get(id) + bonus;
                            best = id;
                        }
                    }
                }
            }
            advance(best);
            return best;
        }

        private void advance(int id) {
            String piece = vocabulary.piece(id);
            int kept = 0;
            int[] begun = piece.isEmpty() ? null : starts.get(id);
            int[] nextHint = new int[active + (begun == null ? 0 : begun.length)];
            int[] nextMatched = new int[nextHint.length];
            if (!piece.isEmpty()) {
                for (int a = 0; a < active; a++) {
                    String spelling = spellings[hint[a]];
                    int end = matched[a] + piece.length();
                    if (end < spelling.length() && spelling.startsWith(piece, matched[a])) {
                        nextHint[kept] = hint[a];
                        nextMatched[kept++] = end;
                    }
                }
                if (begun != null) {
                    for (int h : begun) {
                        if (piece.length() < spellings[h].length()) {
                            nextHint[kept] = h;
                            nextMatched[kept++] = piece.length();
                        }
                    }
                }
            }
            hint = nextHint;
            matched = nextMatched;
            active = kept;
        }
    }
}
