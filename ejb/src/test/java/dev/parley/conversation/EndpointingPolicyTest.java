package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EndpointingPolicyTest {

    private final EndpointingPolicy policy = new EndpointingPolicy(600, 1500);

    @Test
    void aCompleteSentenceEndsAfterTheNormalSilence() {
        assertEquals(600, policy.requiredSilenceMillis("what time is it"));
        assertEquals(600, policy.requiredSilenceMillis("go forward ten meters"));
    }

    @Test
    void anObviouslyUnfinishedUtteranceWaitsLonger() {
        assertEquals(1500, policy.requiredSilenceMillis("I want to"));
        assertEquals(1500, policy.requiredSilenceMillis("salt and"));
        assertEquals(1500, policy.requiredSilenceMillis("book a table for the"));
        assertEquals(1500, policy.requiredSilenceMillis("well, um"));
        assertEquals(1500, policy.requiredSilenceMillis("I was thinking…"));
    }

    @Test
    void nothingHeardYetUsesTheNormalSilence() {
        assertEquals(600, policy.requiredSilenceMillis(""));
        assertEquals(600, policy.requiredSilenceMillis(null));
    }
}
