package dev.parley.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins within {@code window},
 * from one client address or for one user name, further attempts from that address or for that
 * name are refused without checking the password until the oldest of those failures is
 * {@code window} old. So a guesser gets at most {@code maxFailures} tries per window per address
 * and per user. Refused attempts are not counted (they were never checked), and a successful
 * login clears its user's failures but not its address' (a valid account must not let one reset
 * the count of guesses made from there). At most {@link #MAX_KEYS} addresses and names are
 * remembered, the least recently failed forgotten first. Pure logic; thread-safe.
 */
public final class LoginThrottle {

    static final int MAX_KEYS = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    /** Failure instants per key ("address " or "user " + name), oldest first, at most maxFailures each. */
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxFailures must be at least 1 and window positive");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /**
     * How long the caller must wait before a login from {@code address} as {@code user} is
     * checked again; empty when it may be checked now.
     */
    public synchronized Optional<Duration> retryAfter(String address, String user) {
        Instant now = clock.instant();
        Duration wait = max(waitFor(addressKey(address), now), waitFor(userKey(user), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public synchronized void failed(String address, String user) {
        Instant now = clock.instant();
        record(addressKey(address), now);
        record(userKey(user), now);
        while (failures.size() > MAX_KEYS) {
            Iterator<String> eldest = failures.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    public synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private Duration waitFor(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        expire(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
        }
        return times.size() < maxFailures ? Duration.ZERO : Duration.between(now, times.peekFirst().plus(window));
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
    }

    private void expire(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String userKey(String user) {
        return "user " + user;
    }

    /** Number of addresses and names remembered, for tests. */
    synchronized int size() {
        return failures.size();
    }
}
