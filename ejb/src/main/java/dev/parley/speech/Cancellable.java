package dev.parley.speech;

/** A running piece of provider work that can be stopped. Cancelling twice, or after completion, is harmless. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
