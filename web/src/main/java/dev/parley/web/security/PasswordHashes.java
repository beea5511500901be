package dev.parley.web.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the format of Jakarta Security's {@code Pbkdf2PasswordHash}
 * ({@code algorithm:iterations:base64(salt):base64(hash)}, e.g.
 * {@code PBKDF2WithHmacSHA256:210000:...:...}), which the server verifies with the container's
 * implementation ({@link ConfiguredIdentityStore}). Made here with the JDK alone, so that
 * {@link HashPassword} runs without a server on the classpath.
 */
public final class PasswordHashes {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 is higher; this keeps a first login well under a second on a small machine. */
    public static final int ITERATIONS = 210_000;
    static final int SALT_BYTES = 32;
    static final int KEY_BYTES = 32;
    /** Below this the hash is refused as too weak (Jakarta Security's own minimum). */
    static final int MIN_ITERATIONS = 1024;
    private static final Set<String> ALGORITHMS = Set.of("PBKDF2WithHmacSHA224", "PBKDF2WithHmacSHA256",
            "PBKDF2WithHmacSHA384", "PBKDF2WithHmacSHA512");

    private PasswordHashes() {
    }

    /** A new hash of {@code password} with a random salt. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return format(ALGORITHM, ITERATIONS, salt, derive(ALGORITHM, password, salt, ITERATIONS, KEY_BYTES));
    }

    static String format(String algorithm, int iterations, byte[] salt, byte[] key) {
        Base64.Encoder base64 = Base64.getEncoder();
        return algorithm + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(key);
    }

    static byte[] derive(String algorithm, char[] password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * Whether {@code value} is a hash in that format with a known algorithm, at least
     * {@value #MIN_ITERATIONS} iterations and a salt and hash of 16 bytes or more (base64, padded or not).
     */
    public static boolean isHash(String value) {
        String[] fields = value == null ? new String[0] : value.strip().split(":", -1);
        if (fields.length != 4 || !ALGORITHMS.contains(fields[0])) {
            return false;
        }
        try {
            return Integer.parseInt(fields[1]) >= MIN_ITERATIONS
                    && Base64.getDecoder().decode(fields[2]).length >= 16
                    && Base64.getDecoder().decode(fields[3]).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Checks {@code password} against {@code hash} with the JDK (the server uses the container's verifier). */
    static boolean matches(char[] password, String hash) {
        String[] fields = hash.strip().split(":", -1);
        byte[] salt = Base64.getDecoder().decode(fields[2]);
        byte[] expected = Base64.getDecoder().decode(fields[3]);
        byte[] actual = derive(fields[0], password, salt, Integer.parseInt(fields[1]), expected.length);
        try {
            return java.security.MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }
}
