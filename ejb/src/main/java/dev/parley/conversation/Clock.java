package dev.parley.conversation;

import dev.parley.speech.Cancellable;

/**
 * The one monotonic time base of a session: every turn timing is read from it and every timeout is
 * scheduled on it, so tests can swap in a virtual clock and run turn-taking deterministically.
 */
public interface Clock {

    /** Monotonic nanoseconds; only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once, {@code delayNanos} from now, on a thread of the clock's choosing
     * (callers hop to their own executor). Cancelling before it ran prevents it from running.
     */
    Cancellable schedule(long delayNanos, Runnable task);

    default long millisSince(long startNanos) {
        return (nanoTime() - startNanos) / 1_000_000L;
    }
}
