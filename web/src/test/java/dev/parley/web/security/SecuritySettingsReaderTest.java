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

    private static SecuritySettings read(Map<String, String> values) {
        return SecuritySettingsReader.read(key -> Optional.ofNullable(values.get(key)), FALLBACK);
    }

    @Test
    void usersComeWithTheirGroupsAndPasswordsNeverShowInToString() {
        SecuritySettings settings = read(Map.of("parley.security.users", "ada, bob",
                "parley.security.user.ada.password", "s3cret-ada", "parley.security.user.ada.groups", "admin",
                "parley.security.user.bob.password", "s3cret-bob",
                "parley.security.api-keys", "key-1,key-2", "parley.limits.max-session-seconds", "60"));

        assertEquals(Set.of("admin"), settings.users().get("ada").groups());
        assertEquals(Set.of(), settings.users().get("bob").groups());
        assertEquals(Set.of("key-1", "key-2"), settings.apiKeys());
        assertEquals(Duration.ofSeconds(60), settings.maxSessionDuration());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
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
    void badLimitsAndShortSecretsAreErrorsNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.limits.max-concurrent-sessions", "0")))
                .getMessage().contains("parley.limits.max-concurrent-sessions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("parley.security.token-secret", "short")))
                .getMessage().contains("parley.security.token-secret"));
    }
}
