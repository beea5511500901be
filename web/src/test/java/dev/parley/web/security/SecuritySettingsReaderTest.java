package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecuritySettingsReaderTest {

    private static final byte[] FALLBACK = new byte[32];
    /** Fewer iterations than the real command's, to keep the test quick; the format is the same. */
    private static final String ADA_HASH = PasswordHashes.format(PasswordHashes.ALGORITHM, 2048, new byte[32],
            PasswordHashes.derive(PasswordHashes.ALGORITHM, "s3cret-ada".toCharArray(), new byte[32], 2048, 32));
    private static final String BOB_HASH = PasswordHashes.hash("s3cret-bob".toCharArray());

    private static SecuritySettings read(Map<String, String> values) {
        return SecuritySettingsReader.read(key -> Optional.ofNullable(values.get(key)), FALLBACK);
    }

    @Test
    void usersComeWithTheirGroupsAndPasswordsNeverShowInToString() {
        SecuritySettings settings = read(Map.of("parley.security.users", "ada, bob",
                "parley.security.user.ada.password", ADA_HASH, "parley.security.user.ada.groups", "admin",
                "parley.security.user.bob.password", " " + BOB_HASH + " ",
                "parley.security.api-keys", "key-1,key-2", "parley.limits.max-session-seconds", "60"));

        assertEquals(Set.of("admin"), settings.users().get("ada").groups());
        assertEquals(Set.of(), settings.users().get("bob").groups());
        assertEquals(Set.of("key-1", "key-2"), settings.apiKeys());
        assertEquals(Duration.ofSeconds(60), settings.maxSessionDuration());
        assertEquals(ADA_HASH, settings.users().get("ada").passwordHash());
        assertEquals(BOB_HASH, settings.users().get("bob").passwordHash(), "surrounding blanks are dropped");
        assertFalse(settings.toString().contains("PBKDF2"), settings.toString());
        assertFalse(settings.toString().contains("key-1"), settings.toString());
        assertFalse(settings.demoMode());
    }

    @Test
    void aUserWithoutPasswordIsAnErrorNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("parley.security.users", "ada")));
        assertTrue(e.getMessage().contains("parley.security.user.ada.password"), e.getMessage());
    }

    @Test
    void aPlainTextPasswordIsRefusedNamingTheKeyAndTheCommand() {
        for (String plain : new String[] {"s3cret-ada", "PBKDF2WithHmacSHA256:10:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA==",
                "MD5:210000:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA==", "PBKDF2WithHmacSHA256:210000:not base64:x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.security.users", "ada",
                    "parley.security.user.ada.password", plain)), plain);
            assertTrue(e.getMessage().contains("parley.security.user.ada.password"), e.getMessage());
            assertTrue(e.getMessage().contains("./parley hash-password"), e.getMessage());
            assertFalse(e.getMessage().contains(plain), "the value is never repeated: " + e.getMessage());
        }
    }

    @Test
    void thePublicUrlGivesAnOriginAndTheLoginThrottleHasDefaults() {
        SecuritySettings defaults = read(Map.of());
        assertEquals(Optional.empty(), defaults.publicOrigin());
        assertEquals(10, defaults.loginMaxFailures());
        assertEquals(Duration.ofMinutes(5), defaults.loginWindow());

        assertEquals(Optional.of("https://parley.example.com"),
                read(Map.of("parley.security.public-url", "HTTPS://Parley.example.com:443/parley/")).publicOrigin());
        assertEquals(Optional.of("http://parley.example.com:8080"),
                read(Map.of("parley.security.public-url", "http://parley.example.com:8080")).publicOrigin());
        SecuritySettings tuned = read(Map.of("parley.security.login.max-failures", "3", "parley.security.login.window-seconds", "30"));
        assertEquals(3, tuned.loginMaxFailures());
        assertEquals(Duration.ofSeconds(30), tuned.loginWindow());
        for (String bad : new String[] {"parley.example.com", "ftp://parley.example.com", "https://"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.security.public-url", bad)), bad)
                    .getMessage().contains("parley.security.public-url"));
        }
    }

    @Test
    void badLimitsAndShortSecretsAreErrorsNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.limits.max-concurrent-sessions", "0")))
                .getMessage().contains("parley.limits.max-concurrent-sessions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.security.token-secret", "short")))
                .getMessage().contains("parley.security.token-secret"));
    }
}
