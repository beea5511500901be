package dev.parley.conversation;

import java.util.List;
import java.util.Set;

/**
 * Decides whether user speech over the agent takes the floor, and whether an interruption was real.
 *
 * <p>Recognisers guess words even for a hum or a cough (pocketsphinx hears "a a" or "the"), so only
 * <em>content words</em> count as evidence: words that are neither function words ("the", "a",
 * "her") nor acknowledgements ("uh-huh", "okay", "yeah"). Speech barges in once it has enough
 * content words, or once it has simply lasted long, unless all its words are acknowledgements.
 */
final class InterruptionPolicy {

    enum Verdict {
        /** Not enough evidence yet. */
        WAIT,
        /** The user takes the floor: stop the agent now. */
        BARGE_IN,
        /** Only acknowledgements so far: the agent keeps talking. */
        BACKCHANNEL
    }

    /**
     * Words too common to show intent on their own, and interjections: what recognisers guess
     * for a hum, a cough or a breath ("a", "the", "oh").
     */
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "oh", "ah", "uh", "um", "er", "eh", "hm", "hmm", "mm", "huh",
            "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
            "is", "it", "its", "it's", "be", "been", "was", "were", "are", "am", "do", "did", "has", "have", "had",
            "he", "she", "her", "his", "him", "they", "them", "their", "i", "me", "my", "we", "our", "you", "your",
            "that", "this", "then", "than", "if", "so", "there", "here");

    /** Words that interrupt on their own: short requests to stop or to be heard, and question words. */
    private static final Set<String> STOP_WORDS = Set.of(
            "stop", "wait", "hold", "pause", "quiet", "enough", "sorry", "excuse", "hey", "no", "cancel", "shut",
            "why", "what", "how", "where", "when", "who", "interrupt", "listen");

    private final long minSpeechMillis;
    private final int minWords;
    private final long longSpeechMillis;
    private final Set<String> backchannels;

    InterruptionPolicy(long minSpeechMillis, int minWords, long longSpeechMillis, Set<String> backchannels) {
        this.minSpeechMillis = minSpeechMillis;
        this.minWords = minWords;
        this.longSpeechMillis = longSpeechMillis;
        this.backchannels = backchannels;
    }

    /** @param voicedMillis from the onset to the end of the last voiced frame of the user's speech */
    Verdict judge(long voicedMillis, String transcriptSoFar) {
        List<String> words = Words.of(transcriptSoFar);
        if (voicedMillis < minSpeechMillis) {
            return Verdict.WAIT;
        }
        if (isOnlyBackchannel(words)) {
            return Verdict.BACKCHANNEL;
        }
        if (contentWords(words) >= minWords || voicedMillis >= longSpeechMillis) {
            return Verdict.BARGE_IN;
        }
        return Verdict.WAIT;
    }

    /** True when {@code text} has words and every one of them is an acknowledgement (or a function word). */
    boolean isOnlyBackchannel(String text) {
        return isOnlyBackchannel(Words.of(text));
    }

    /**
     * The final words of sound that paused the agent: an interruption (the user takes the floor) or
     * not (a cough, noise, "uh-huh": the agent resumes)? As many content words as a barge-in needs
     * while speaking, a word that asks the agent to stop ("stop", "wait") alone, or a sentence.
     */
    boolean isRealInterruption(String finalText) {
        List<String> words = Words.of(finalText);
        if (isOnlyBackchannel(words)) {
            return false;
        }
        int content = contentWords(words);
        return content >= minWords || words.stream().anyMatch(STOP_WORDS::contains)
                || (content >= 1 && words.size() >= SENTENCE_WORDS);
    }

    /**
     * A final this long with a content word is a sentence, not a cough dressed in words: "can I
     * interrupt you" came back from the recogniser as "and in my interview", one content word.
     */
    private static final int SENTENCE_WORDS = 3;

    /** While the agent is silent: is this a turn to answer ("yes" is), or a noise the recogniser dressed in "a a"? */
    boolean isRealTurn(String finalText) {
        for (String w : Words.of(finalText)) {
            if (!FUNCTION_WORDS.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private boolean isOnlyBackchannel(List<String> words) {
        boolean anyBackchannel = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i + 1 < words.size() && backchannels.contains(w + " " + words.get(i + 1))) {
                anyBackchannel = true;
                i++;
            } else if (isBackchannelWord(w)) {
                anyBackchannel = true;
            } else if (!FUNCTION_WORDS.contains(w)) {
                return false;
            }
        }
        return anyBackchannel;
    }

    private int contentWords(List<String> words) {
        int content = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i + 1 < words.size() && backchannels.contains(w + " " + words.get(i + 1))) {
                i++;
            } else if (!isBackchannelWord(w) && !FUNCTION_WORDS.contains(w)) {
                content++;
            }
        }
        return content;
    }

    private boolean isBackchannelWord(String word) {
        if (backchannels.contains(word)) {
            return true;
        }
        if (word.indexOf('-') > 0) {
            for (String part : word.split("-")) {
                if (!backchannels.contains(part)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
