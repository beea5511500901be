package dev.parley.conversation;

/** Who holds the floor. */
public enum ConversationState {
    /** The agent is silent and waits for (or hears) the user. */
    LISTENING,
    /** The user's turn has ended; the agent's reply is being generated but nothing is queued for playback yet. */
    THINKING,
    /** Agent audio is queued or playing. */
    SPEAKING
}
