package dev.parley.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A cluster-wide lock was not had within {@link Grid#LOCK_WAIT}: another member (or a member that
 * died holding it, until its lease ends) keeps it. The caller refuses what it was doing with a
 * "try again" instead of holding its own thread, and a WebSocket's reader with it, for the lease.
 */
public final class GridBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GridBusyException(String lock, Duration waited) {
        super("the cluster lock '" + lock + "' was not free within " + waited.toMillis() + " ms");
    }

    /** A lock's timed attempt, as {@code Lock.tryLock(time, unit)} has it. */
    @FunctionalInterface
    interface TimedAttempt {
        boolean tryFor(long time, TimeUnit unit) throws InterruptedException;
    }

    /** Takes the lock {@code name} through {@code attempt} within {@link Grid#LOCK_WAIT}, or throws this. */
    static void acquire(String name, TimedAttempt attempt) {
        try {
            if (attempt.tryFor(Grid.LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new GridBusyException(name, Grid.LOCK_WAIT);
    }
}
