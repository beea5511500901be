package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import static dev.parley.conversation.InterruptionPolicy.Verdict.BACKCHANNEL;
import static dev.parley.conversation.InterruptionPolicy.Verdict.BARGE_IN;
import static dev.parley.conversation.InterruptionPolicy.Verdict.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterruptionPolicyTest {

    private final InterruptionPolicy policy =
            new InterruptionPolicy(200, 1, 600, ConversationSettings.defaults().backchannels());

    @Test
    void realWordsBargeInOnceTheSpeechIsLongEnough() {
        assertEquals(WAIT, policy.judge(150, "stop"));
        assertEquals(BARGE_IN, policy.judge(200, "stop"));
        assertEquals(BARGE_IN, policy.judge(300, "okay wait"));
    }

    @Test
    void backchannelsNeverTakeTheFloor() {
        assertEquals(BACKCHANNEL, policy.judge(900, "uh-huh"));
        assertEquals(BACKCHANNEL, policy.judge(900, "uh huh"));
        assertEquals(BACKCHANNEL, policy.judge(900, "mm-hmm okay"));
        assertEquals(BACKCHANNEL, policy.judge(900, "I see"));
        assertTrue(policy.isOnlyBackchannel("Yeah, right."));
        assertFalse(policy.isRealTurn("okay"));
        assertTrue(policy.isRealTurn("okay but why"));
    }

    @Test
    void speechWithoutWordsBargesInOnlyAfterTheLongerTime() {
        assertEquals(WAIT, policy.judge(599, ""));
        assertEquals(BARGE_IN, policy.judge(600, ""));
        assertEquals(BARGE_IN, policy.judge(600, "[NOISE]"));
    }

    @Test
    void recogniserFillerTagsAreNotWords() {
        assertFalse(policy.isRealTurn("<sil> [NOISE] ++COUGH++"));
        assertEquals(3, Words.count("Don't stop, please!"));
    }
}
