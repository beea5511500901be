package dev.parley.kms.protocol;

import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KMS's request cache: the response to (sessionId, request id) is kept for a while so that a
 * retried request is answered again without running twice.
 */
public final class RequestCache {
    private record Entry(JsonObject response, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final boolean enabled;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public RequestCache(Duration ttl, boolean enabled) {
        this.ttlNanos = ttl.toNanos();
        this.enabled = enabled;
    }

    public synchronized JsonObject get(String sessionId, String requestId) {
        if (!enabled) {
            return null;
        }
        Entry e = entries.get(key(sessionId, requestId));
        return e == null || e.expiresAtNanos - System.nanoTime() < 0 ? null : e.response.deepCopy();
    }

    public synchronized void put(String sessionId, String requestId, JsonObject response) {
        if (!enabled) {
            return;
        }
        purgeExpired();
        entries.put(key(sessionId, requestId), new Entry(response.deepCopy(), System.nanoTime() + ttlNanos));
    }

    /** Entries are added in time order, so the expired ones are at the front. */
    public synchronized void purgeExpired() {
        long now = System.nanoTime();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && it.next().expiresAtNanos - now < 0) {
            it.remove();
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String key(String sessionId, String requestId) {
        return sessionId + '\n' + requestId;
    }
}
