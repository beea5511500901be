package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Event;
import dev.parley.e2e.PageRecording.Level;
import dev.parley.e2e.bench.TurnTakingCall.Case;
import dev.parley.e2e.bench.TurnTakingCall.Kind;
import dev.parley.e2e.bench.TurnTakingCall.Outcome;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/** How the turn-taking cases are judged, on a made-up page recording (file second 1 = page 1000 ms). */
class TurnTakingCallTest {

    private static final List<Case> CASES = List.of(
            new Case(Kind.PAUSED_SENTENCE, "first … second", 1.0, 3.0, 4.0),
            new Case(Kind.INTERRUPTION, "front center", 10.0, 10.0, 10.8),
            new Case(Kind.NOISE, "white noise 0.3 s", 20.0, 20.0, 20.3),
            new Case(Kind.NOISE, "cough", 30.0, 30.0, 30.4));

    @Test
    void theAgentTakingTheFloorInThePauseIsPrematureAndHeardOverTheUser() {
        List<Outcome> outcomes = judge(t -> t >= 2600 && t < 3600, List.of(state("thinking", 2500), state("speaking", 2600)));
        Outcome paused = outcomes.get(0);
        assertTrue(paused.premature());
        assertEquals(600, paused.overUserMillis(), "3000-3580 ms, 30 samples of 20 ms");
        assertEquals(1, paused.answers());
    }

    @Test
    void anAnswerAfterTheWholeSentenceIsNotPremature() {
        Outcome paused = judge(t -> t >= 5000 && t < 7000, List.of(state("thinking", 4700), state("speaking", 5000))).get(0);
        assertFalse(paused.premature());
        assertEquals(0, paused.overUserMillis());
    }

    @Test
    void anInterruptionTheAgentTalksOverIsIgnoredAndNoiseThatCutsItIsAFalseBargeIn() {
        List<Outcome> outcomes = judge(t -> (t >= 8000 && t < 12500) || (t >= 18000 && t < 20400) || (t >= 28000 && t < 35000),
                List.of(new Event("interrupted", 20200, Json.createObjectBuilder().build())));
        Outcome interruption = outcomes.get(1);
        assertTrue(interruption.overAgent());
        assertEquals(2480, interruption.reactionMillis());
        assertTrue(interruption.ignored());
        Outcome noise = outcomes.get(2);
        assertTrue(noise.overAgent() && noise.falseBargeIn(), noise.toString());
        Outcome cough = outcomes.get(3);
        assertTrue(cough.overAgent() && !cough.falseBargeIn(), "the agent talked on through the cough: " + cough);
    }

    @Test
    void anInterruptionActedOnIsNotIgnored() {
        Outcome interruption = judge(t -> t >= 8000 && t < 10300,
                List.of(new Event("interrupted", 10250, Json.createObjectBuilder().build()))).get(1);
        assertFalse(interruption.ignored());
        assertEquals(280, interruption.reactionMillis());
    }

    /** Microphone loud during each case's speech or noise; the agent loud where {@code agentLoud} says. */
    private static List<Outcome> judge(DoublePredicate agentLoud, List<Event> events) {
        List<Level> mic = new ArrayList<>();
        List<Level> agent = new ArrayList<>();
        for (double t = 0; t < 40_000; t += 20) {
            boolean speaking = (t >= 1000 && t < 2000) || (t >= 3000 && t < 4000) || (t >= 10000 && t < 10800)
                    || (t >= 20000 && t < 20300) || (t >= 30000 && t < 30400);
            mic.add(new Level(t, speaking ? -20 : -150));
            agent.add(new Level(t, agentLoud.test(t) ? -25 : -150));
        }
        return new TurnTakingCall(CASES, 1.0).evaluate(1, new PageRecording(events, agent, mic));
    }

    private static Event state(String state, double at) {
        return new Event("state", at, Json.createObjectBuilder().add("state", state).build());
    }
}
