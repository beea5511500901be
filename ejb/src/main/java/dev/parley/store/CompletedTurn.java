package dev.parley.store;

import java.time.Instant;

/**
 * A finished exchange as the store keeps it.
 *
 * @param turn           1-based number of the agent turn
 * @param userText       the user's final transcript (null for an idle prompt)
 * @param agentText      what the agent said (played pieces)
 * @param heardText      what the user heard before barging in (null when not interrupted)
 * @param interrupted    the user barged in
 * @param userSpokeAt    when the user's speech ended (null for an idle prompt)
 * @param agentStartedAt when the agent's first audio was played (null when it never spoke)
 * @param endedAt        when the turn completed
 */
public record CompletedTurn(int turn, String userText, String agentText, String heardText, boolean interrupted,
                            Instant userSpokeAt, Instant agentStartedAt, Instant endedAt) {
}
