package dev.parley.conversation;

/**
 * What a conversation tells the outside world (captions, admin API, metrics). Every event carries
 * the session clock's monotonic time at which the engine observed it.
 */
public sealed interface ConversationEvent {

    long atNanos();

    /** VAD confirmed the user started speaking; {@code onsetNanos} is the first voiced frame. */
    record UserSpeechStarted(long atNanos, long onsetNanos) implements ConversationEvent {
    }

    /** VAD confirmed silence; {@code lastVoiceNanos} is the end of the last voiced frame. */
    record UserSpeechStopped(long atNanos, long lastVoiceNanos) implements ConversationEvent {
    }

    /**
     * The user's words so far. {@code continuesTurn}: they begin with the earlier part of a turn the
     * agent had taken as ended (the user went on after a pause), so they replace that part's text.
     */
    record PartialTranscript(long atNanos, String text, boolean continuesTurn) implements ConversationEvent {
        public PartialTranscript(long atNanos, String text) {
            this(atNanos, text, false);
        }
    }

    /** The words of a user utterance; {@code continuesTurn} as in {@link PartialTranscript}: the whole turn's text. */
    record FinalTranscript(long atNanos, String text, boolean continuesTurn) implements ConversationEvent {
        public FinalTranscript(long atNanos, String text) {
            this(atNanos, text, false);
        }
    }

    /** A piece of the agent's reply, sent when its first audio sample was played to the user. */
    record AgentText(long atNanos, long generation, String text) implements ConversationEvent {
    }

    record StateChanged(long atNanos, ConversationState from, ConversationState to) implements ConversationEvent {
    }

    /**
     * Speech over the agent: its audio stopped at once, the rest held until it is clear whether the
     * user interrupts ({@link AgentInterrupted}) or not ({@link AgentResumed}); {@code framesHeld} 20 ms frames wait.
     */
    record AgentPaused(long atNanos, long generation, int framesHeld) implements ConversationEvent {
    }

    /** The agent stopped because the user barged in; {@code heardText} is what the user heard of the reply. */
    record AgentInterrupted(long atNanos, long generation, String heardText, int framesDropped) implements ConversationEvent {
    }

    /** The sound that paused the agent was no interruption (no words, a backchannel): reply {@code generation} goes on from the exact sample it stopped at. */
    record AgentResumed(long atNanos, long generation, int wordsAlreadyHeard) implements ConversationEvent {
    }

    record TurnCompleted(long atNanos, TurnMetrics metrics) implements ConversationEvent {
    }

    /** A provider failed; the turn it served is abandoned and the agent listens again. */
    record ProviderFailed(long atNanos, String provider, String message) implements ConversationEvent {
    }

    /** The conversation is over: it ended itself (idle, maximum duration) or its owner ended it for {@code cause}. */
    record SessionEnded(long atNanos, SessionEndCause cause, String detail) implements ConversationEvent {
    }
}
