package dev.parley.speech.testing;

import java.util.List;

/** Twelve sentences of the kind an agent says, for the synthesis-to-recognition round trip. */
public final class AgentSentences {
    public static final List<String> ALL = List.of(
            "Hello, how can I help you today?",
            "Your appointment is confirmed for Tuesday at three o'clock.",
            "I am sorry, I did not catch that. Could you say it again?",
            "The order will arrive in two to three business days.",
            "Please hold on while I check your account.",
            "Your balance is forty two dollars and fifty cents.",
            "Would you like me to send a confirmation by email?",
            "The store opens at nine in the morning and closes at six.",
            "I have booked a table for four people tonight.",
            "Thank you for calling. Have a nice day.",
            "Can you tell me your account number, please?",
            "The weather tomorrow will be sunny and warm.");

    private AgentSentences() {
    }
}
