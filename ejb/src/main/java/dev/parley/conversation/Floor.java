package dev.parley.conversation;

/**
 * Who holds the floor of a conversation, as the {@link TurnTaker} tracks it. The states are few
 * and closed on purpose: every decision about turns asks which one holds, never a set of flags.
 */
sealed interface Floor {

    /** Nobody speaks: the agent waits for the user (idle timer armed) or says a waiting text. */
    record Free() implements Floor {
    }

    /** The user speaks and holds the floor (their own turn, or one that took the floor from the agent). */
    record UserSpeaking() implements Floor {
    }

    /** The user's turn is open but they are silent: either a pause, or the end of the turn not yet confirmed. */
    record UserPaused() implements Floor {
    }

    /** The user's turn is over; the recogniser's final transcript is awaited. */
    record AwaitingFinal() implements Floor {
    }

    /** The agent answers; nothing of reply {@code generation} is queued for playback yet. */
    record AgentThinking(long generation) implements Floor {
    }

    /** Audio of reply {@code generation} is queued or playing. */
    record AgentSpeaking(long generation) implements Floor {
    }

    /**
     * The onset of a sound over the agent, before the VAD confirmed it as speech, stopped reply
     * {@code generation} at once, its rest held: it becomes {@link AgentPaused} if the VAD confirms
     * speech, else the agent goes on from the same sample.
     */
    record AgentHeld(long generation) implements Floor {
    }

    /**
     * Sound over the agent stopped reply {@code generation} at once, its rest held; whether it was an
     * interruption is not decided yet. {@code userSpeaking}: the sound goes on (else its words are awaited).
     */
    record AgentPaused(long generation, boolean userSpeaking) implements Floor {
    }

    /** The conversation is over; nothing changes any more. */
    record Ended() implements Floor {
    }

    Free FREE = new Free();
    UserSpeaking USER_SPEAKING = new UserSpeaking();
    UserPaused USER_PAUSED = new UserPaused();
    AwaitingFinal AWAITING_FINAL = new AwaitingFinal();
    Ended ENDED = new Ended();

    /** What the outside world sees of this floor. */
    default ConversationState visibleState() {
        if (this instanceof AgentThinking) {
            return ConversationState.THINKING;
        }
        if (this instanceof AgentSpeaking || this instanceof AgentHeld || this instanceof AgentPaused) {
            return ConversationState.SPEAKING;
        }
        return ConversationState.LISTENING;
    }
}
