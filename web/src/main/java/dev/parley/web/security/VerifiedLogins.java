package dev.parley.web.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers for a short while that a user's password matched its stored hash, so that HTTP Basic,
 * which sends the password with every request, does not cost a PBKDF2 derivation per request.
 * Only a keyed digest (HMAC-SHA256 under a key made at start and never stored) of user, password
 * and stored hash is kept: a changed hash or password misses, and nothing here can be reversed to
 * the password without the process's memory. Failures are never remembered. Pure logic; thread-safe.
 */
public final class VerifiedLogins {

    static final int MAX_ENTRIES = 1000;

    private final Duration lifetime;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Instant> verified = new LinkedHashMap<>(16, 0.75f, true);

    public VerifiedLogins(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Whether this exact user, password and stored hash were verified less than the lifetime ago. */
    public synchronized boolean contains(String user, String password, String storedHash) {
        String digest = digest(user, password, storedHash);
        Instant until = verified.get(digest);
        if (until != null && until.isAfter(clock.instant())) {
            return true;
        }
        verified.remove(digest);
        return false;
    }

    public synchronized void add(String user, String password, String storedHash) {
        verified.put(digest(user, password, storedHash), clock.instant().plus(lifetime));
        if (verified.size() > MAX_ENTRIES) {
            Iterator<String> eldest = verified.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    synchronized int size() {
        return verified.size();
    }

    private String digest(String user, String password, String storedHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {user, password, storedHash}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
