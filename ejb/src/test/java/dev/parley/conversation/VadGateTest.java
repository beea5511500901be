package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.parley.conversation.VadGate.Transition.NONE;
import static dev.parley.conversation.VadGate.Transition.STARTED;
import static dev.parley.conversation.VadGate.Transition.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VadGateTest {

    private static final long FRAME = 32_000_000L;

    /** Feeds one probability per 32 ms frame; returns the transitions. */
    private static List<VadGate.Transition> run(VadGate gate, double... probabilities) {
        List<VadGate.Transition> out = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            out.add(gate.update((float) probabilities[i], i * FRAME, FRAME));
        }
        return out;
    }

    @Test
    void speechStartsOnlyAfterTheMinimumSpeechAndReportsItsOnset() {
        VadGate gate = new VadGate(0.5f, 0.35f, 96, 160);
        assertEquals(List.of(NONE, NONE, NONE, STARTED), run(gate, 0.1, 0.9, 0.9, 0.9));
        assertEquals(FRAME, gate.onsetNanos());
    }

    @Test
    void aShortBlipDoesNotStartSpeech() {
        VadGate gate = new VadGate(0.5f, 0.35f, 96, 160);
        assertEquals(List.of(NONE, NONE, NONE, NONE, NONE), run(gate, 0.9, 0.9, 0.1, 0.9, 0.2));
    }

    @Test
    void probabilitiesBetweenTheThresholdsKeepSpeechGoing() {
        VadGate gate = new VadGate(0.5f, 0.35f, 64, 96);
        List<VadGate.Transition> t = run(gate, 0.9, 0.9, 0.4, 0.4, 0.4, 0.4, 0.1, 0.1, 0.1);
        assertEquals(List.of(NONE, STARTED, NONE, NONE, NONE, NONE, NONE, NONE, STOPPED), t);
        assertEquals(6 * FRAME, gate.lastVoiceEndNanos());
    }

    @Test
    void aValueBetweenTheThresholdsDoesNotStartSpeechOnItsOwn() {
        VadGate gate = new VadGate(0.5f, 0.35f, 64, 96);
        assertEquals(List.of(NONE, NONE, NONE, NONE), run(gate, 0.45, 0.45, 0.45, 0.45));
    }

    @Test
    void aBriefDipShorterThanTheMinimumSilenceDoesNotStopSpeech() {
        VadGate gate = new VadGate(0.5f, 0.35f, 32, 160);
        List<VadGate.Transition> t = run(gate, 0.9, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1);
        assertEquals(List.of(STARTED, NONE, NONE, NONE, NONE, NONE, NONE, NONE, STOPPED), t);
    }
}
