package dev.parley.store;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.TurnMetrics;
import java.time.Instant;
import java.util.function.LongFunction;

/**
 * Gathers one session's conversation events into completed turns. Not thread-safe: it hears the
 * events on the session's lane, in order.
 */
final class TurnAssembler {

    /** A completed turn and its metrics, ready to store. */
    record Completed(CompletedTurn turn, TurnMetrics metrics) {
    }

    private final LongFunction<Instant> wallClock;
    private String userText;
    private Instant userSpokeAt;
    private final StringBuilder agentText = new StringBuilder();
    private Instant agentStartedAt;
    private long agentGeneration = -1;
    private String heardText;

    /** @param wallClock turns the session clock's nanoseconds into wall-clock instants */
    TurnAssembler(LongFunction<Instant> wallClock) {
        this.wallClock = wallClock;
    }

    /** @return the completed turn when {@code event} completes one, else null */
    Completed accept(ConversationEvent event) {
        if (event instanceof ConversationEvent.UserSpeechStopped stopped) {
            userSpokeAt = wallClock.apply(stopped.lastVoiceNanos());
        } else if (event instanceof ConversationEvent.FinalTranscript transcript) {
            userText = userText == null || transcript.continuesTurn() ? transcript.text() : userText + " " + transcript.text();
        } else if (event instanceof ConversationEvent.AgentText text) {
            if (agentGeneration != -1 && text.generation() != agentGeneration) {
                // An answer withdrawn because the user went on with the same turn never completes a
                // turn of its own: only the answer that does complete it is the agent's text.
                agentText.setLength(0);
                agentStartedAt = null;
                heardText = null;
            }
            agentGeneration = text.generation();
            if (agentStartedAt == null) {
                agentStartedAt = wallClock.apply(text.atNanos());
            }
            if (!agentText.isEmpty()) {
                agentText.append(' ');
            }
            agentText.append(text.text().strip());
        } else if (event instanceof ConversationEvent.AgentInterrupted interrupted) {
            heardText = interrupted.heardText();
        } else if (event instanceof ConversationEvent.AgentResumed) {
            heardText = null;
        } else if (event instanceof ConversationEvent.TurnCompleted completed) {
            TurnMetrics metrics = completed.metrics();
            CompletedTurn turn = new CompletedTurn(metrics.turn(), userText, agentText.isEmpty() ? null : agentText.toString(),
                    metrics.interrupted() ? heardText : null, metrics.interrupted(), userSpokeAt, agentStartedAt,
                    wallClock.apply(completed.atNanos()));
            reset();
            return new Completed(turn, metrics);
        }
        return null;
    }

    private void reset() {
        userText = null;
        userSpokeAt = null;
        agentText.setLength(0);
        agentStartedAt = null;
        agentGeneration = -1;
        heardText = null;
    }
}
