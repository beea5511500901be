package dev.parley.conversation;

import dev.parley.conversation.ConversationEngine.SayOutcome;
import dev.parley.conversation.ConversationEvent.AgentInterrupted;
import dev.parley.conversation.ConversationEvent.AgentText;
import dev.parley.conversation.ConversationEvent.StateChanged;
import dev.parley.conversation.ConversationEvent.TurnCompleted;
import dev.parley.conversation.rig.ConversationRig;
import dev.parley.conversation.rig.ScriptedProviders;
import dev.parley.speech.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.parley.conversation.rig.Audio.tone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ConversationEngine#say}: a text spoken on request (the admin API's "say") is an agent turn
 * like any answer, and it waits for a free floor. Same virtual clock and scripted providers as
 * {@link TurnTakingTest} (the agent's speech is 50 ms of tone per character).
 */
class SayOnRequestTest {

    private static final String ANSWER = "The museum opens at nine, and it closes at six in the evening.";
    private static final String NOTICE = "Please hold on, a colleague will join this call in a minute.";

    private final ConversationSettings settings = ConversationSettings.defaults();

    private static ScriptedProviders scripted() {
        return new ScriptedProviders(150, 50).agentAnswers(history -> ANSWER);
    }

    private static String spoken(ConversationRig rig, long generation) {
        return String.join(" ", rig.events(AgentText.class).stream().filter(t -> t.generation() == generation).map(AgentText::text).toList());
    }

    @Test
    void aSilentSessionHearsTheTextAtOnceAsAnAgentTurn() {
        try (ConversationRig rig = new ConversationRig(settings, scripted().providers())) {
            rig.silence(200);
            long askedAt = rig.clock.nanoTime();

            assertEquals(SayOutcome.ACCEPTED, rig.engine.say("  " + NOTICE + " "));
            rig.silenceUntil(() -> rig.events(TurnCompleted.class).size() == 1, 20_000);

            List<AgentText> said = rig.events(AgentText.class);
            assertEquals(NOTICE, spoken(rig, said.get(0).generation()));
            assertTrue(said.get(0).atNanos() - askedAt <= 60_000_000L, "the text started only after "
                    + (said.get(0).atNanos() - askedAt) / 1_000_000 + " ms although nobody held the floor");
            TurnMetrics m = rig.events(TurnCompleted.class).get(0).metrics();
            assertEquals(1, m.turn());
            assertFalse(m.interrupted());
            assertEquals(-1, m.responseLatencyMillis(), "no user speech preceded it");
            assertEquals(List.of(ChatMessage.assistant(NOTICE)), rig.engine.history());
            assertEquals(List.of(ConversationState.THINKING, ConversationState.SPEAKING, ConversationState.LISTENING),
                    rig.events(StateChanged.class).stream().map(StateChanged::to).toList());
            assertTrue(rig.watch.histories().isEmpty(), "a text said on request never goes through the model");
        }
    }

    @Test
    void aTextAskedForWhileTheAgentAnswersWaitsForTheWholeAnswer() {
        try (ConversationRig rig = new ConversationRig(settings, scripted().userSays("when does the museum open").providers())) {
            rig.say(tone(1200));
            rig.silenceUntil(() -> rig.engine.state() == ConversationState.SPEAKING, 5_000);
            rig.silence(300);

            assertEquals(SayOutcome.ACCEPTED, rig.engine.say(NOTICE));
            rig.silenceUntil(() -> rig.events(TurnCompleted.class).size() == 2, 30_000);

            List<AgentText> texts = rig.events(AgentText.class);
            long answer = texts.get(0).generation();
            long notice = texts.get(texts.size() - 1).generation();
            assertTrue(notice > answer);
            assertEquals(ANSWER, spoken(rig, answer), "the answer was cut short by the text");
            assertEquals(NOTICE, spoken(rig, notice));
            assertTrue(rig.events(AgentInterrupted.class).isEmpty());
            assertEquals(0, rig.output.flushes(), "nothing of the answer was dropped");
            assertEquals(List.of(ChatMessage.user("when does the museum open"), ChatMessage.assistant(ANSWER), ChatMessage.assistant(NOTICE)),
                    rig.engine.history());
        }
    }

    @Test
    void theUserCanBargeInOnASaidText() {
        try (ConversationRig rig = new ConversationRig(settings, scripted().userSays("wait a moment").providers())) {
            rig.engine.say(NOTICE);
            rig.silenceUntil(() -> rig.output.sent().size() > 40, 5_000);
            rig.say(tone(600));
            rig.silenceUntil(() -> rig.events(TurnCompleted.class).size() == 2 && rig.engine.state() == ConversationState.LISTENING, 30_000);

            AgentInterrupted cut = rig.events(AgentInterrupted.class).get(0);
            assertTrue(rig.events(TurnCompleted.class).get(0).metrics().interrupted());
            assertTrue(NOTICE.startsWith(cut.heardText()) && !cut.heardText().isEmpty() && cut.heardText().length() < NOTICE.length(),
                    cut.heardText());
            assertEquals(List.of(ChatMessage.assistant(cut.heardText()), ChatMessage.user("wait a moment"), ChatMessage.assistant(ANSWER)),
                    rig.engine.history(), "only what was heard of the text stays in the dialog");
        }
    }

    @Test
    void textsWaitInOrderAndTheQueueIsBounded() {
        try (ConversationRig rig = new ConversationRig(settings, scripted().providers())) {
            int max = ConversationEngine.MAX_PENDING_SAYS;
            for (int i = 0; i < max; i++) {
                assertEquals(SayOutcome.ACCEPTED, rig.engine.say("Notice " + i + "."));
            }
            assertEquals(SayOutcome.TOO_MANY_WAITING, rig.engine.say("Too many."));
            rig.silenceUntil(() -> rig.events(TurnCompleted.class).size() == max, 120_000);
            assertEquals(SayOutcome.ACCEPTED, rig.engine.say("One more."), "the queue has room again once the texts were said");
            rig.silenceUntil(() -> rig.events(TurnCompleted.class).size() == max + 1, 20_000);

            List<String> said = rig.engine.history().stream().map(ChatMessage::text).toList();
            List<String> expected = new java.util.ArrayList<>();
            for (int i = 0; i < max; i++) {
                expected.add("Notice " + i + ".");
            }
            expected.add("One more.");
            assertEquals(expected, said);
        }
    }

    @Test
    void blankTextIsRefusedAndAnEndedConversationSaysNothing() {
        ConversationRig rig = new ConversationRig(settings, scripted().providers());
        assertThrows(IllegalArgumentException.class, () -> rig.engine.say("  "));
        rig.close();

        assertEquals(SayOutcome.ENDED, rig.engine.say(NOTICE));
        rig.settle();
        assertTrue(rig.events(AgentText.class).isEmpty());
        assertEquals(0, rig.output.enqueued().size());
    }
}
