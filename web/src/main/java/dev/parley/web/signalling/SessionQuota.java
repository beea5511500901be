package dev.parley.web.signalling;

import dev.parley.cluster.LocalGrid;
import dev.parley.cluster.SessionCounts;

/**
 * Counts live voice sessions per key (a token, or a client address) so one key cannot hold more than
 * its share of the media servers: across every instance of the cluster when the counts are shared
 * ({@link SessionCounts}).
 */
public final class SessionQuota {

    private final int maxPerToken;
    private final SessionCounts counts;
    private final String kind;

    /** A quota of this instance alone. */
    public SessionQuota(int maxPerToken) {
        this(maxPerToken, new SessionCounts(new LocalGrid()), "token");
    }

    /** A quota kept in {@code counts} under keys of {@code kind} ("token", "client"), apart from other kinds. */
    public SessionQuota(int maxPerToken, SessionCounts counts, String kind) {
        this.maxPerToken = maxPerToken;
        this.counts = counts;
        this.kind = kind;
    }

    /** Takes one slot for {@code token}; false when it already holds the maximum. */
    public boolean tryAcquire(String token) {
        return counts.tryTake(key(token), maxPerToken);
    }

    public void release(String token) {
        counts.give(key(token));
    }

    /** Slots {@code token} holds, on every instance. */
    public int held(String token) {
        return counts.count(key(token));
    }

    public int maxPerToken() {
        return maxPerToken;
    }

    private String key(String token) {
        return kind + ':' + token;
    }
}
