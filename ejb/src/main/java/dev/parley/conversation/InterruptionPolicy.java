package dev.parley.conversation;

import java.util.List;
import java.util.Set;

/**
 * Decides whether user speech over the agent takes the floor. Words that only acknowledge
 * ("uh-huh", "okay") never do; real words do once the speech is long enough; speech without any
 * recognised words does only after a longer time, and then may still prove false (a cough).
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

    private final long minSpeechMillis;
    private final int minWords;
    private final long noWordsSpeechMillis;
    private final Set<String> backchannels;

    InterruptionPolicy(long minSpeechMillis, int minWords, long noWordsSpeechMillis, Set<String> backchannels) {
        this.minSpeechMillis = minSpeechMillis;
        this.minWords = minWords;
        this.noWordsSpeechMillis = noWordsSpeechMillis;
        this.backchannels = backchannels;
    }

    Verdict judge(long speechMillis, String transcriptSoFar) {
        List<String> words = Words.of(transcriptSoFar);
        int content = contentWords(words);
        if (speechMillis < minSpeechMillis) {
            return Verdict.WAIT;
        }
        if (content >= minWords) {
            return Verdict.BARGE_IN;
        }
        if (words.isEmpty()) {
            return speechMillis >= noWordsSpeechMillis ? Verdict.BARGE_IN : Verdict.WAIT;
        }
        return content == 0 ? Verdict.BACKCHANNEL : Verdict.WAIT;
    }

    /** True when {@code text} has words and every one of them is an acknowledgement. */
    boolean isOnlyBackchannel(String text) {
        List<String> words = Words.of(text);
        return !words.isEmpty() && contentWords(words) == 0;
    }

    /** True when the final transcript of an interruption means the user really said something. */
    boolean isRealTurn(String finalText) {
        return contentWords(Words.of(finalText)) > 0;
    }

    private int contentWords(List<String> words) {
        int content = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i + 1 < words.size() && backchannels.contains(w + " " + words.get(i + 1))) {
                i++;
            } else if (!isBackchannelWord(w)) {
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
