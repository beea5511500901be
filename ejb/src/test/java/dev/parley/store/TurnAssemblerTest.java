package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.TurnMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnAssemblerTest {

    private static final Instant ZERO = Instant.parse("2026-01-31T12:00:00Z");
    private final TurnAssembler assembler = new TurnAssembler(nanos -> ZERO.plusNanos(nanos));

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private static TurnMetrics metrics(int turn, boolean interrupted) {
        return new TurnMetrics(turn, ms(1000), ms(1050), ms(1100), ms(1200), ms(1300), ms(1400),
                interrupted ? ms(2500) : TurnMetrics.NOT_REACHED, interrupted ? ms(2400) : TurnMetrics.NOT_REACHED, 3, interrupted);
    }

    @Test
    void aTurnKeepsWhatTheUserSaidAndTheAgentsPlayedText() {
        assertNull(assembler.accept(new ConversationEvent.UserSpeechStopped(ms(1050), ms(1000))));
        assertNull(assembler.accept(new ConversationEvent.FinalTranscript(ms(1100), "what is parley")));
        assertNull(assembler.accept(new ConversationEvent.AgentText(ms(1400), 1, "Parley is a voice agent. ")));
        assertNull(assembler.accept(new ConversationEvent.AgentText(ms(1900), 1, "It runs on Jakarta EE.")));

        TurnAssembler.Completed completed = assembler.accept(new ConversationEvent.TurnCompleted(ms(3000), metrics(1, false)));

        CompletedTurn turn = completed.turn();
        assertEquals(1, turn.turn());
        assertEquals("what is parley", turn.userText());
        assertEquals("Parley is a voice agent. It runs on Jakarta EE.", turn.agentText());
        assertFalse(turn.interrupted());
        assertNull(turn.heardText());
        assertEquals(ZERO.plusMillis(1000), turn.userSpokeAt());
        assertEquals(ZERO.plusMillis(1400), turn.agentStartedAt());
        assertEquals(ZERO.plusMillis(3000), turn.endedAt());
        assertEquals(400, completed.metrics().responseLatencyMillis());
    }

    @Test
    void aBargeInKeepsWhatWasActuallyHeardAndTheNextTurnStartsClean() {
        assembler.accept(new ConversationEvent.FinalTranscript(ms(1100), "tell me everything"));
        assembler.accept(new ConversationEvent.AgentText(ms(1400), 1, "Well, first of all"));
        assembler.accept(new ConversationEvent.AgentInterrupted(ms(2500), 1, "Well, first", 3));
        CompletedTurn cut = assembler.accept(new ConversationEvent.TurnCompleted(ms(2600), metrics(1, true))).turn();

        assertTrue(cut.interrupted());
        assertEquals("Well, first", cut.heardText());

        CompletedTurn next = assembler.accept(new ConversationEvent.TurnCompleted(ms(5000), metrics(2, false))).turn();
        assertNull(next.userText());
        assertNull(next.agentText());
        assertNull(next.heardText());
    }

    @Test
    void aFalseInterruptionDoesNotMarkWhatWasHeard() {
        assembler.accept(new ConversationEvent.AgentText(ms(1400), 1, "Hello there"));
        assembler.accept(new ConversationEvent.AgentInterrupted(ms(1500), 1, "Hello", 2));
        assembler.accept(new ConversationEvent.AgentResumed(ms(1800), 1, 1));
        CompletedTurn turn = assembler.accept(new ConversationEvent.TurnCompleted(ms(3000), metrics(1, false))).turn();
        assertNull(turn.heardText());
    }

    /** The recogniser heard the whole turn again from its start (the engine's TurnAudio): its words replace the first part's. */
    @Test
    void aFinalThatContinuesTheTurnReplacesItsEarlierPart() {
        assembler.accept(new ConversationEvent.FinalTranscript(ms(1100), "can you tell me"));
        assembler.accept(new ConversationEvent.AgentText(ms(1400), 1, "Sorry, I don't know that one."));
        assembler.accept(new ConversationEvent.AgentInterrupted(ms(1500), 1, "", 4));
        assembler.accept(new ConversationEvent.FinalTranscript(ms(2600), "can you tell me what voice do you use", true));
        assembler.accept(new ConversationEvent.AgentText(ms(2900), 2, "The flite voice."));
        CompletedTurn turn = assembler.accept(new ConversationEvent.TurnCompleted(ms(4000), metrics(1, false))).turn();

        assertEquals("can you tell me what voice do you use", turn.userText());
        assertEquals("The flite voice.", turn.agentText());
    }

    @Test
    void anAnswerWithdrawnBecauseTheUserWentOnLeavesOnlyTheAnswerToTheWholeTurn() {
        assembler.accept(new ConversationEvent.FinalTranscript(ms(1100), "I would like to know"));
        assembler.accept(new ConversationEvent.AgentText(ms(1400), 1, "Sure, what"));
        assembler.accept(new ConversationEvent.AgentInterrupted(ms(1500), 1, "Sure", 4));
        assembler.accept(new ConversationEvent.FinalTranscript(ms(2600), "how does it work"));
        assembler.accept(new ConversationEvent.AgentText(ms(2900), 2, "Parley listens and answers."));
        CompletedTurn turn = assembler.accept(new ConversationEvent.TurnCompleted(ms(4000), metrics(1, false))).turn();

        assertEquals("I would like to know how does it work", turn.userText());
        assertEquals("Parley listens and answers.", turn.agentText());
        assertEquals(ZERO.plusMillis(2900), turn.agentStartedAt());
        assertNull(turn.heardText());
    }
}
