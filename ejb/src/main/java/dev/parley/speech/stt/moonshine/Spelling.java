package dev.parley.speech.stt.moonshine;

import ai.onnxruntime.OrtException;

import java.nio.FloatBuffer;
import java.util.function.BooleanSupplier;

/**
 * How likely the model finds a given text for the audio: the text is spelt piece by piece, each
 * step taking the piece the model scores best among those that spell the text's next characters,
 * and the log-probabilities of the pieces (and of the end) are summed. Greedy spelling, as the
 * decoder's own: no search over every tokenisation.
 */
final class Spelling {
    /** Longer than any piece of the Llama vocabulary. */
    private static final int MAX_PIECE = 24;

    /**
     * @param logProbability the text's log-probability (natural log) given the audio
     * @param piecesInSpan   how many of its pieces spell characters of the span asked about
     */
    record Score(double logProbability, int piecesInSpan) {
    }

    private Spelling() {
    }

    /**
     * Scores {@code text} (as {@link LlamaVocabulary#decode} writes it) on the audio of {@code steps}, counting
     * the pieces within {@code spanStart} to {@code spanEnd}; null if the vocabulary cannot spell it in
     * {@code maxTokens} pieces or when cancelled.
     */
    static Score score(DecoderSteps steps, LlamaVocabulary vocabulary, String text, int spanStart, int spanEnd,
                       int maxTokens, BooleanSupplier cancelled) throws OrtException {
        // The decoder writes a word start before the first word too; decode() strips it.
        String target = LlamaVocabulary.WORD_START + text.replace(' ', LlamaVocabulary.WORD_START);
        steps.restart();
        long next = LlamaVocabulary.BOS;
        double logProbability = 0;
        int inSpan = 0;
        int at = 0;
        for (int step = 0; step <= maxTokens && !cancelled.getAsBoolean(); step++) {
            FloatBuffer logits = steps.next(next);
            double normaliser = logSumExp(logits);
            if (at == target.length()) {
                return new Score(logProbability + logits.get(LlamaVocabulary.EOS) - normaliser, inSpan);
            }
            int best = -1;
            int bestLength = 0;
            for (int end = at + 1; end <= Math.min(target.length(), at + MAX_PIECE); end++) {
                int id = vocabulary.id(target.substring(at, end));
                if (id >= 0 && (best < 0 || logits.get(id) > logits.get(best))) {
                    best = id;
                    bestLength = end - at;
                }
            }
            if (best < 0) {
                return null;
            }
            logProbability += logits.get(best) - normaliser;
            // The text's characters are the target's shifted by the leading word start.
            if (at < spanEnd + 1 && at + bestLength > spanStart + 1) {
                inSpan++;
            }
            at += bestLength;
            next = best;
        }
        return null;
    }

    private static double logSumExp(FloatBuffer logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.limit(); i++) {
            max = Math.max(max, logits.get(i));
        }
        double sum = 0;
        for (int i = 0; i < logits.limit(); i++) {
            sum += Math.exp(logits.get(i) - max);
        }
        return max + Math.log(sum);
    }
}
