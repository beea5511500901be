package dev.parley.conversation;

import java.util.List;
import java.util.Set;

/**
 * How long the user must be silent before their turn ends, from what they said so far. Three
 * lengths: short when the words are a complete question or statement, long when they are clearly
 * unfinished, a middle one when the words say neither.
 *
 * <p>Punctuation decides when the recogniser writes it (a final or partial ending in "?" or "."),
 * but the default recogniser's partials are Vosk's, lower case without punctuation, while the user
 * speaks, and Moonshine's written words only once a pause has lasted a little; so the words decide too. Unfinished: an ellipsis,
 * a last word that cannot end a sentence ("I want to", "salt and"), a verb that announces what
 * follows ("I would like to know", "can you tell me", "I was wondering"), or an utterance that opens with a
 * connective and has no verb yet ("and so my fellow americans"). Complete: a question opening with a
 * question word or an auxiliary ("when does the museum open"), a command opening with a common verb
 * ("go forward ten meters"), a polite or time closing ("... please", "... today"), or a one-word
 * answer ("yes", "stop"). Unfinished wins over complete, except that a written "?" lets a
 * preposition end a question ("what is it made of?").
 */
final class EndpointingPolicy {

    /**
     * Not "her": it is as often the object that ends a sentence ("tell her", "I saw her") as the
     * possessive that cannot; and flite's "how do I set it up" is heard as "how do i set in her".
     */
    private static final Set<String> DANGLING = Set.of(
            "and", "or", "but", "so", "because", "if", "when", "while", "that", "than", "then",
            "to", "of", "for", "with", "in", "on", "at", "from", "about", "into", "by", "like",
            "the", "a", "an", "my", "your", "his", "their", "our", "its", "this", "these",
            "is", "are", "was", "were", "um", "uh", "er", "i", "we", "very", "really", "more");

    /**
     * Verbs that announce what comes next: "I would like to know", "I want to ask", "can you tell me"
     * and "I was wondering" are the first half of a sentence, and people pause there to think.
     */
    private static final Set<String> ANNOUNCING_VERBS = Set.of(
            "know", "ask", "tell", "explain", "understand", "learn", "find", "hear", "say", "check", "show");

    /**
     * Dangling words that can end a question the recogniser heard as one ("what is it made of?",
     * "who is it for?"). Only with a written "?": Moonshine hears the rising end of the sentence, and
     * a misheard name ("what is Kurento?" as "What is current of?") must not wait the long silence.
     */
    private static final Set<String> QUESTION_ENDING_PREPOSITIONS = Set.of(
            "to", "of", "for", "with", "in", "on", "at", "from", "about", "into", "by", "like");

    private static final Set<String> CONNECTIVES = Set.of("and", "so", "but", "because", "or", "also", "well", "then", "um", "uh");

    private static final Set<String> QUESTION_OPENERS = Set.of(
            "what", "when", "where", "who", "whom", "whose", "why", "how", "which",
            "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may",
            "have", "has", "am", "what's", "where's", "who's", "how's", "isn't", "aren't", "don't", "doesn't", "can't");

    private static final Set<String> COMMAND_OPENERS = Set.of(
            "go", "turn", "stop", "wait", "tell", "show", "give", "book", "open", "close", "play", "call", "move", "take",
            "read", "find", "set", "start", "repeat", "help", "cancel", "send", "explain", "describe", "list", "check", "let's");

    private static final Set<String> CLOSINGS = Set.of("please", "thanks", "now", "today", "tonight", "tomorrow", "yesterday", "again");

    private static final Set<String> ONE_WORD_ANSWERS = Set.of(
            "yes", "no", "stop", "wait", "thanks", "okay", "ok", "sure", "hello", "hi", "bye", "goodbye", "nope", "yeah", "right");

    /** A verb, an auxiliary or a question word: a sentence that opened with "and so" is under way once one appears. */
    private static final Set<String> VERBS = Set.of(
            "is", "are", "was", "were", "be", "am", "do", "does", "did", "have", "has", "had", "can", "could", "will", "would",
            "should", "shall", "may", "might", "must", "want", "need", "think", "know", "go", "get", "make", "see", "say", "tell",
            "give", "take", "come", "like", "love", "ask", "look", "what", "when", "where", "who", "why", "how", "it's", "i'm",
            "that's", "there's", "don't", "let's");

    private final long completeMillis;
    private final long defaultMillis;
    private final long unfinishedMillis;

    EndpointingPolicy(long completeMillis, long defaultMillis, long unfinishedMillis) {
        if (completeMillis > defaultMillis || defaultMillis > unfinishedMillis) {
            throw new IllegalArgumentException("endpointing: complete <= default <= unfinished, got "
                    + completeMillis + ", " + defaultMillis + ", " + unfinishedMillis);
        }
        this.completeMillis = completeMillis;
        this.defaultMillis = defaultMillis;
        this.unfinishedMillis = unfinishedMillis;
    }

    /** Silence after the last voiced frame that ends a turn whose transcript so far is {@code text} (written or plain). */
    long requiredSilenceMillis(String text) {
        if (looksUnfinished(text)) {
            return unfinishedMillis;
        }
        return looksComplete(text) ? completeMillis : defaultMillis;
    }

    static boolean looksUnfinished(String text) {
        String trimmed = text == null ? "" : text.stripTrailing();
        if (trimmed.endsWith("...") || trimmed.endsWith("…") || trimmed.endsWith(",")) {
            return true;
        }
        List<String> words = Words.of(text);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        boolean askedQuestion = trimmed.endsWith("?") && QUESTION_ENDING_PREPOSITIONS.contains(last);
        if ((DANGLING.contains(last) && !askedQuestion) || last.equals("wondering") || last.equals("wonder")) {
            return true;
        }
        if (words.size() >= 2) {
            String beforeLast = words.get(words.size() - 2);
            if ((beforeLast.equals("to") && ANNOUNCING_VERBS.contains(last))
                    || (last.equals("me") && (beforeLast.equals("tell") || beforeLast.equals("show") || beforeLast.equals("explain")))) {
                return true;
            }
        }
        return CONNECTIVES.contains(words.get(0)) && words.stream().noneMatch(VERBS::contains);
    }

    static boolean looksComplete(String text) {
        List<String> words = Words.of(text);
        if (words.isEmpty() || looksUnfinished(text)) {
            return false;
        }
        String trimmed = text.stripTrailing();
        if (trimmed.endsWith("?") || trimmed.endsWith(".") || trimmed.endsWith("!")) {
            return true;
        }
        String first = words.get(0);
        if (words.size() == 1) {
            return ONE_WORD_ANSWERS.contains(first);
        }
        if (QUESTION_OPENERS.contains(first) && words.size() >= 3) {
            return true;
        }
        if (COMMAND_OPENERS.contains(first)) {
            return true;
        }
        return CLOSINGS.contains(words.get(words.size() - 1));
    }
}
