package dev.parley.health;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A check's result reused for a while, so that a probe polling {@code /health/ready} every second
 * does not load models or call a remote model server every second. Concurrent callers during a
 * check wait for its result instead of starting their own.
 */
final class CachedResult<T> {

    private final Supplier<T> check;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private T last;
    private long checkedAt;

    CachedResult(Supplier<T> check, long ttlMillis, LongSupplier nanoTime) {
        this.check = check;
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.nanoTime = nanoTime;
    }

    synchronized T get() {
        long now = nanoTime.getAsLong();
        if (last == null || now - checkedAt >= ttlNanos) {
            last = check.get();
            checkedAt = nanoTime.getAsLong();
        }
        return last;
    }
}
