package dev.parley.web.signalling;

/**
 * The user typed a turn instead of speaking it: the agent answers it like a spoken one (it cuts the
 * agent, or joins the turn the user is speaking). At most {@link #MAX_CHARS} characters, not blank.
 */
public record UserText(String text) implements ClientMessage {

    public static final int MAX_CHARS = dev.parley.conversation.ConversationEngine.MAX_TEXT_CHARS;
}
