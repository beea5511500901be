package dev.parley.web.signalling;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Counts live voice sessions per key (a token, or a client address) so one key cannot hold more than its share of the media server. */
public final class SessionQuota {

    private final int maxPerToken;
    private final ConcurrentMap<String, Integer> live = new ConcurrentHashMap<>();

    public SessionQuota(int maxPerToken) {
        this.maxPerToken = maxPerToken;
    }

    /** Takes one slot for {@code token}; false when it already holds the maximum. */
    public boolean tryAcquire(String token) {
        boolean[] granted = {false};
        live.compute(token, (t, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerToken) {
                return count;
            }
            granted[0] = true;
            return count + 1;
        });
        return granted[0];
    }

    public void release(String token) {
        live.computeIfPresent(token, (t, n) -> n <= 1 ? null : n - 1);
    }

    public int held(String token) {
        return live.getOrDefault(token, 0);
    }

    public int maxPerToken() {
        return maxPerToken;
    }
}
