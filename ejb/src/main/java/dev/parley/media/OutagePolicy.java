package dev.parley.media;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When to try the media server again while it is down, and what to log about it: the outage once,
 * with its cause, when it begins; a one-line reminder at most every {@code reminderMillis}; one
 * line when it is back. Attempts back off from {@code firstRetryMillis}, doubling up to
 * {@code maxRetryMillis}. Without it the Kurento client retried every 2 s and logged a stack trace
 * each time. Pure logic on an injected clock; thread-safe.
 */
public final class OutagePolicy {

    /** A line to log. */
    public record Entry(System.Logger.Level level, String message) {
    }

    public static final long FIRST_RETRY_MILLIS = 2_000;
    public static final long MAX_RETRY_MILLIS = 60_000;
    public static final long REMINDER_MILLIS = 5 * 60_000;

    private final String server;
    private final LongSupplier clockMillis;
    private final long firstRetryMillis;
    private final long maxRetryMillis;
    private final long reminderMillis;

    private boolean down;
    private long downSince;
    private long lastLogged;
    private int failedAttempts;
    private long nextAttemptAt;
    private String lastCause;

    /** @param server how the media server is named in the lines (its redacted URL) */
    public OutagePolicy(String server, LongSupplier clockMillis) {
        this(server, clockMillis, FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS, REMINDER_MILLIS);
    }

    public OutagePolicy(String server, LongSupplier clockMillis, long firstRetryMillis, long maxRetryMillis, long reminderMillis) {
        if (firstRetryMillis < 1 || maxRetryMillis < firstRetryMillis || reminderMillis < 1) {
            throw new IllegalArgumentException("retry " + firstRetryMillis + "..." + maxRetryMillis + " ms, reminder " + reminderMillis + " ms");
        }
        this.server = server;
        this.clockMillis = clockMillis;
        this.firstRetryMillis = firstRetryMillis;
        this.maxRetryMillis = maxRetryMillis;
        this.reminderMillis = reminderMillis;
    }

    /** Whether an attempt to reach the server may run now (always while it is not known to be down). */
    public synchronized boolean attemptDue() {
        return !down || clockMillis.getAsLong() >= nextAttemptAt;
    }

    /** Milliseconds until the next attempt may run; 0 when one may run now. */
    public synchronized long millisUntilNextAttempt() {
        return down ? Math.max(0, nextAttemptAt - clockMillis.getAsLong()) : 0;
    }

    public synchronized boolean isDown() {
        return down;
    }

    /**
     * A live connection dropped: the outage begins, and the next attempt may run at once (a blip
     * reconnects immediately). Returns the outage line, or nothing if it was already down.
     */
    public synchronized Optional<Entry> lost(String cause) {
        lastCause = cause;
        if (down) {
            return Optional.empty();
        }
        begin();
        nextAttemptAt = downSince;
        return Optional.of(new Entry(System.Logger.Level.WARNING, "the media server at " + server + " is down: " + cause
                + "; reconnecting at once, then after " + firstRetryMillis / 1000 + " s, backing off to every " + maxRetryMillis / 1000 + " s"));
    }

    /** An attempt failed: schedules the next; returns the outage line (first failure) or a reminder, at most one per interval. */
    public synchronized Optional<Entry> failed(String cause) {
        long now = clockMillis.getAsLong();
        lastCause = cause;
        boolean first = !down;
        if (first) {
            begin();
        }
        failedAttempts++;
        long delay = firstRetryMillis;
        for (int i = 1; i < failedAttempts && delay < maxRetryMillis; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxRetryMillis);
        nextAttemptAt = now + delay;
        if (first) {
            return Optional.of(new Entry(System.Logger.Level.WARNING, "the media server at " + server + " is not reachable: " + cause
                    + "; the next attempt may run after " + delay / 1000 + " s, backing off to every " + maxRetryMillis / 1000 + " s"));
        }
        if (now - lastLogged < reminderMillis) {
            return Optional.empty();
        }
        lastLogged = now;
        return Optional.of(new Entry(System.Logger.Level.WARNING, "the media server at " + server + " is still down after "
                + (now - downSince) / 1000 + " s and " + failedAttempts + " failed attempt(s): " + cause + "; next attempt in "
                + delay / 1000 + " s"));
    }

    /** The server answers again: returns the line saying so if it was down. */
    public synchronized Optional<Entry> succeeded() {
        if (!down) {
            return Optional.empty();
        }
        long now = clockMillis.getAsLong();
        String line = "the media server at " + server + " is back after " + (now - downSince) / 1000 + " s down and "
                + failedAttempts + " failed attempt(s) (last cause: " + lastCause + ")";
        down = false;
        failedAttempts = 0;
        return Optional.of(new Entry(System.Logger.Level.INFO, line));
    }

    private void begin() {
        down = true;
        downSince = clockMillis.getAsLong();
        lastLogged = downSince;
        failedAttempts = 0;
    }
}
