package dev.parley.web.signalling;

import java.time.Duration;

/** Runs a task later (the container's managed scheduled executor; a fake in unit tests). */
@FunctionalInterface
interface Scheduler {

    /** Schedules {@code task} after {@code delay}; running the returned action cancels it if it has not run. */
    Runnable schedule(Duration delay, Runnable task);
}
