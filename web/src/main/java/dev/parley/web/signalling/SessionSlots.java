package dev.parley.web.signalling;

import dev.parley.cluster.LocalGrid;
import dev.parley.cluster.SessionCounts;

/**
 * The service-wide cap on live voice sessions ({@code parley.limits.max-concurrent-sessions}),
 * counted across every instance of the cluster when the counts are shared: each start takes a slot
 * before any media is opened, and gives it back when its session is over.
 */
final class SessionSlots {

    private static final String KEY = "service";

    private final int max;
    private final SessionCounts counts;

    SessionSlots(int max) {
        this(max, new SessionCounts(new LocalGrid()));
    }

    SessionSlots(int max, SessionCounts counts) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
        this.counts = counts;
    }

    /** Takes a slot; false when all are taken. */
    boolean tryAcquire() {
        return counts.tryTake(KEY, max);
    }

    void release() {
        counts.give(KEY);
    }

    int taken() {
        return counts.count(KEY);
    }

    int max() {
        return max;
    }
}
