package dev.parley.kms.support;

import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes (events and GC are asynchronous). */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    public static boolean holds(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return condition.getAsBoolean();
    }
}
