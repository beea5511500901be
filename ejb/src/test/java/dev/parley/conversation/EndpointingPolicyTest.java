package dev.parley.conversation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
