package dev.parley.conversation;

import dev.parley.speech.SpeechException;

/**
 * Turns whatever a provider call threw into the {@link SpeechException} the engine reports.
 *
 * <p>Providers are meant to fail with SpeechException, but an operator's provider may throw any
 * runtime exception, and a provider whose native library does not link throws a LinkageError
 * (UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError). Uncaught, either kills
 * the session lane's task and leaves the agent "thinking" for the rest of the call, as happened
 * after a redeploy while the built-in model still used a native tokenizer. Reported like any
 * provider failure, it ends the turn and the agent listens again.
 */
final class ProviderFailures {
    private ProviderFailures() {
    }

    static SpeechException of(Throwable thrown) {
        if (thrown instanceof SpeechException speech) {
            return speech;
        }
        return new SpeechException(thrown.getClass().getSimpleName() + ": " + thrown.getMessage(), thrown);
    }
}
