package dev.parley.conversation;

import dev.parley.speech.Cancellable;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Wall-independent real time ({@link System#nanoTime()}) with timeouts on an injected scheduler. */
public final class SystemClock implements Clock {

    private final ScheduledExecutorService scheduler;

    /** @param scheduler owned by the caller (a managed scheduled executor in the container) */
    public SystemClock(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> future = scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
