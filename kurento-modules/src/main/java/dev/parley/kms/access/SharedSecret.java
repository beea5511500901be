package dev.parley.kms.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional secret a client must put in the WebSocket URL's query ({@code ?secret=...}).
 * Compared in constant time over SHA-256 digests, so neither the content nor the length of the
 * expected value leaks through timing. {@link #toString()} never shows the value, so the
 * settings can be logged.
 */
public final class SharedSecret {
    /** Short secrets can be guessed over a port anyone may reach. */
    public static final int MIN_LENGTH = 16;
    private static final SharedSecret NONE = new SharedSecret(null);

    private final byte[] digest;

    private SharedSecret(byte[] digest) {
        this.digest = digest;
    }

    public static SharedSecret none() {
        return NONE;
    }

    /** @throws IllegalArgumentException for a secret that is too short or holds whitespace (e.g. a pasted newline) */
    public static SharedSecret of(String value) {
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the secret must be at least " + MIN_LENGTH + " characters long (it has "
                    + value.length() + ")");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the secret must not contain whitespace");
        }
        return new SharedSecret(sha256(value));
    }

    public boolean isSet() {
        return digest != null;
    }

    /** True when {@code candidate} is the secret; false for null or when no secret is set. */
    public boolean matches(String candidate) {
        if (digest == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return digest == null ? "(no secret)" : "(secret set)";
    }
}
