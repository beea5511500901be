package dev.parley.conversation;

/** Why a conversation ended. */
public enum SessionEndReason {
    /** The owner closed the session (the user hung up, an admin terminated it, shutdown). */
    CLOSED,
    /** The user stayed silent after the idle prompt. */
    IDLE_TIMEOUT,
    /** The session reached its maximum duration. */
    MAX_DURATION,
    /** A provider failed in a way the conversation cannot continue from. */
    ERROR
}
