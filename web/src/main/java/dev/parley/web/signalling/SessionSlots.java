package dev.parley.web.signalling;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide cap on live voice sessions ({@code parley.limits.max-concurrent-sessions}): each
 * start takes a slot before any media is opened, and gives it back when its session is over.
 */
final class SessionSlots {

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    SessionSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** Takes a slot; false when all are taken. */
    boolean tryAcquire() {
        while (true) {
            int now = taken.get();
            if (now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        taken.updateAndGet(n -> n > 0 ? n - 1 : 0);
    }

    int taken() {
        return taken.get();
    }

    int max() {
        return max;
    }
}
