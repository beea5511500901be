package dev.parley.speech;

/** One message of a dialog history. */
public record ChatMessage(Role role, String text) {
    public enum Role { SYSTEM, USER, ASSISTANT }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text);
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text);
    }
}
