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
            new InterruptionPolicy(250, 2, 600, ConversationSettings.defaults().backchannels());

    @Test
    void enoughContentWordsBargeInOnceTheSpeechIsLongEnough() {
        assertEquals(WAIT, policy.judge(200, "wait a moment"));
        assertEquals(BARGE_IN, policy.judge(250, "wait a moment"));
        assertEquals(BARGE_IN, policy.judge(300, "okay, why not"));
    }

    @Test
    void functionWordsARecogniserHallucinatesAreNoEvidence() {
        assertEquals(WAIT, policy.judge(400, "the head"));
        assertEquals(WAIT, policy.judge(400, "a a"));
        assertEquals(WAIT, policy.judge(400, "oh"));
        assertEquals(BARGE_IN, policy.judge(700, "oh"));
        assertFalse(policy.isRealInterruption("oh the"));
        assertFalse(policy.isRealInterruption("a a"));
        assertFalse(policy.isRealTurn("the the"));
    }

    @Test
    void backchannelsNeverTakeTheFloorHoweverLong() {
        assertEquals(BACKCHANNEL, policy.judge(900, "uh-huh"));
        assertEquals(BACKCHANNEL, policy.judge(900, "uh huh"));
        assertEquals(BACKCHANNEL, policy.judge(900, "mm-hmm okay"));
        assertEquals(BACKCHANNEL, policy.judge(900, "I see"));
        assertEquals(BACKCHANNEL, policy.judge(900, "yes it is"));
        assertTrue(policy.isOnlyBackchannel("Yeah, right."));
        assertFalse(policy.isRealInterruption("okay"));
        assertTrue(policy.isRealInterruption("okay but why"));
    }

    @Test
    void longSpeechBargesInEvenWithoutWords() {
        assertEquals(WAIT, policy.judge(599, ""));
        assertEquals(BARGE_IN, policy.judge(600, ""));
        assertEquals(BARGE_IN, policy.judge(600, "the"));
    }

    @Test
    void anAcknowledgementIsARealTurnWhenTheAgentIsSilent() {
        assertTrue(policy.isRealTurn("yes"));
        assertTrue(policy.isRealTurn("okay"));
    }

    @Test
    void recogniserFillerTagsAreNotWords() {
        assertFalse(policy.isRealTurn("<sil> [NOISE] ++COUGH++"));
        assertEquals(3, Words.count("Don't stop, please!"));
    }

    @org.junit.jupiter.api.Test
    void shortRealInterruptionsCountOnceTheSoundIsOver() {
        assertTrue(policy.isRealInterruption("stop"));
        assertTrue(policy.isRealInterruption("wait"));
        assertTrue(policy.isRealInterruption("front center"));
        assertTrue(policy.isRealInterruption("rear left"));
        assertFalse(policy.isRealInterruption("uh-huh"));
        assertFalse(policy.isRealInterruption("yeah right"));
        assertFalse(policy.isRealInterruption("huh"));
        assertFalse(policy.isRealInterruption("hello"), "one content word that asks nothing is not enough");
        assertFalse(policy.isRealInterruption(""));
    }

    /** The browser test's "can i interrupt you", heard over the agent as below: the agent resumed instead of yielding. */
    @Test
    void aMisheardSentenceOverTheAgentIsStillARealInterruption() {
        assertTrue(policy.isRealInterruption("and in my interview"));
        assertTrue(policy.isRealInterruption("i and i interrupt you"));
        assertTrue(policy.isRealInterruption("can i interrupt"));
        assertTrue(policy.isRealInterruption("listen"));
        assertFalse(policy.isRealInterruption("a a a"), "no content word: a cough");
        assertFalse(policy.isRealInterruption("oh and the"), "no content word: a cough");
        assertFalse(policy.isRealInterruption("yes it is"), "an acknowledgement");
        assertFalse(policy.isRealInterruption("uh huh yeah okay"), "an acknowledgement");
    }
}
