package dev.parley.media;

import java.util.function.BooleanSupplier;

/** Waiting in tests for something that happens on other threads (a reconnection, a session's end). */
public final class Await {

    private Await() {
    }

    /** Checks {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code millis}. */
    public static void until(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        until(what, millis, 20, condition);
    }

    /** As {@link #until(String, long, BooleanSupplier)}, checking every {@code pollMillis}. */
    public static void until(String what, long millis, long pollMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + millis + " ms: " + what);
            }
            Thread.sleep(pollMillis);
        }
    }
}
