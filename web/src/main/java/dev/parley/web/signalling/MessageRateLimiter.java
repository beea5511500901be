package dev.parley.web.signalling;

import java.util.function.LongSupplier;

/**
 * Limits the messages one connection may send: a bucket of {@code perSecond} messages that refills
 * at {@code perSecond} a second, so a burst of up to a second's worth passes and a sustained flood is
 * cut to the rate. Tells the caller when a burst starts being dropped, so that the client hears
 * about it once per burst, not once per dropped message. Not thread-safe: one connection's
 * messages arrive one at a time.
 */
final class MessageRateLimiter {

    /** What to do with one message. */
    enum Verdict {
        /** Handle it. */
        ACCEPT,
        /** Drop it and tell the client: the first message dropped since the last accepted one. */
        DROP_AND_REPORT,
        /** Drop it silently: the client was told already. */
        DROP
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanoTime;
    private double available;
    private long lastRefill;
    private boolean dropping;

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}) */
    MessageRateLimiter(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.available = perSecond;
        this.lastRefill = nanoTime.getAsLong();
    }

    Verdict next() {
        long now = nanoTime.getAsLong();
        available = Math.min(perSecond, available + (double) (now - lastRefill) * perSecond / NANOS_PER_SECOND);
        lastRefill = now;
        if (available >= 1) {
            available -= 1;
            dropping = false;
            return Verdict.ACCEPT;
        }
        if (dropping) {
            return Verdict.DROP;
        }
        dropping = true;
        return Verdict.DROP_AND_REPORT;
    }

    int perSecond() {
        return perSecond;
    }
}
