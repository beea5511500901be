package dev.parley.speech;

import java.util.List;

/** A language model that streams its reply token by token. */
public interface LanguageModel {

    /**
     * Starts a reply to {@code history} (oldest first; the last message is the user's turn).
     * Tokens arrive in order on {@code listener}; cancelling stops them promptly.
     */
    Cancellable reply(List<ChatMessage> history, Listener listener);

    interface Listener {
        void onToken(String token);

        void onComplete();

        void onError(SpeechException error);
    }
}
