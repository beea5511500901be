package dev.parley.conversation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EndpointingPolicyTest {

    private final EndpointingPolicy policy = new EndpointingPolicy(250, 500, 1500);

    @ParameterizedTest
    @ValueSource(strings = {
            "what time is it", "when does the museum open", "can you book a table", "go forward ten meters", "turn left",
            "stop", "yes", "front center please", "What is Parley?", "I would like a coffee.", "Stop!", "i am done for today"})
    void aCompleteQuestionOrStatementEndsAfterTheShortSilence(String words) {
        assertEquals(250, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I want to", "salt and", "book a table for the", "well, um", "I was thinking…", "and so my fellow americans",
            "but the thing is", "so my question", "What I mean is,", "because my car"})
    void anObviouslyUnfinishedUtteranceWaitsLong(String words) {
        assertEquals(1500, policy.requiredSilenceMillis(words), words);
    }

    /** The browser test's paused sentence: "I would like to know … what parley is" was answered after its first half. */
    @ParameterizedTest
    @ValueSource(strings = {
            "i would like to know", "I want to ask", "can you tell me", "could you explain me", "i was wondering",
            "I wonder", "please show me", "i need to find"})
    void aVerbThatAnnouncesWhatFollowsWaitsLong(String words) {
        assertEquals(1500, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"what do you know", "tell me a joke", "i know", "did you find it", "show me the menu"})
    void theSameVerbsWithWhatTheyAnnounceAreNotUnfinished(String words) {
        assertNotEquals(1500, policy.requiredSilenceMillis(words), words);
    }

    /**
     * Browser benchmark, 2026-12-05: "how fast are you" (heard "how fast that are you") waited the
     * unfinished silence because "you" counted as a word that cannot end a sentence.
     */
    @ParameterizedTest
    @ValueSource(strings = {"how fast are you", "who made you", "how fast that are you", "can i interrupt you", "how are you"})
    void aQuestionEndingInYouIsComplete(String words) {
        assertEquals(250, policy.requiredSilenceMillis(words), words);
    }

    /**
     * Browser benchmark 14:14: "What is Kurento?" was heard as "what is current of" and waited the
     * unfinished silence (2 s) for a last word that cannot end a statement. Moonshine writes a "?"
     * for what it hears as a question (flite's "What is Kurento?" came back "What is carriento?").
     */
    @ParameterizedTest
    @ValueSource(strings = {"What is current of?", "What is it made of?", "Who is it for?", "What are you talking about?"})
    void aWrittenQuestionEndingInAPrepositionIsComplete(String words) {
        assertEquals(250, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"what is current of", "What is the?", "Salt and?", "Can you tell me?", "I would like to know?"})
    void aQuestionMarkDoesNotFinishAnArticleAConjunctionOrAnAnnouncingVerb(String words) {
        assertEquals(1500, policy.requiredSilenceMillis(words), words);
    }

    /**
     * Capacity benchmark, 2026-12-06: "how do I set it up", one of the questions the fallback
     * suggests, was heard as "how do i set in her" 4 times in one run (and once as "... in a", which
     * stays unfinished) and waited the unfinished silence (2 s) each time: "her" counted as a
     * possessive that cannot end a sentence.
     */
    @ParameterizedTest
    @ValueSource(strings = {"how do i set in her", "can you call her", "did you see her"})
    void aQuestionEndingInHerIsComplete(String words) {
        assertEquals(250, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"i told her", "i will ask her"})
    void aStatementEndingInHerIsNotUnfinished(String words) {
        assertNotEquals(1500, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @ValueSource(strings = {"the red one", "my name is peter", "front center", "twelve euros", "the blue car"})
    void wordsThatSayNeitherGetTheMiddleSilence(String words) {
        assertEquals(500, policy.requiredSilenceMillis(words), words);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nothingHeardYetUsesTheMiddleSilence(String nothing) {
        assertEquals(500, policy.requiredSilenceMillis(nothing));
    }

    @org.junit.jupiter.api.Test
    void unfinishedWinsOverAQuestionOpener() {
        assertEquals(1500, policy.requiredSilenceMillis("what is the"));
        assertEquals(1500, policy.requiredSilenceMillis("can you tell me about"));
    }

    @org.junit.jupiter.api.Test
    void lengthsOutOfOrderAreRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new EndpointingPolicy(600, 500, 1500));
    }
}
