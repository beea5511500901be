package dev.parley.kms.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedSecretTest {
    private static final String SECRET = "s3cret-of-twenty-chars";

    @Test
    void onlyTheExactSecretMatches() {
        SharedSecret secret = SharedSecret.of(SECRET);
        assertTrue(secret.isSet());
        assertTrue(secret.matches(SECRET));
        assertFalse(secret.matches(SECRET + "x"));
        assertFalse(secret.matches(SECRET.substring(1)));
        assertFalse(secret.matches(SECRET.toUpperCase()));
        assertFalse(secret.matches(""));
        assertFalse(secret.matches(null));
    }

    @Test
    void noSecretMatchesNothing() {
        assertFalse(SharedSecret.none().isSet());
        assertFalse(SharedSecret.none().matches(""));
        assertFalse(SharedSecret.none().matches(SECRET));
    }

    @Test
    void shortOrWhitespaceSecretsAreRefusedWithoutShowingThem() {
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class, () -> SharedSecret.of("short-secret"));
        assertTrue(shortOne.getMessage().contains("at least 16"), shortOne.getMessage());
        assertFalse(shortOne.getMessage().contains("short-secret"), shortOne.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedSecret.of("sixteen chars and a space"));
    }

    @Test
    void toStringNeverShowsTheValue() {
        assertFalse(SharedSecret.of(SECRET).toString().contains(SECRET));
        assertEquals("(secret set)", SharedSecret.of(SECRET).toString());
    }

    @Test
    void theSecretComesFromTheSettingOrAFileOrTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("kms.secret"), SECRET + "\n");
        assertTrue(SecretSources.resolve(SECRET, null, Map.of()).matches(SECRET));
        assertTrue(SecretSources.resolve(null, file.toString(), Map.of()).matches(SECRET), "trailing newline trimmed");
        assertTrue(SecretSources.resolve(null, null, Map.of(SecretSources.ENV, SECRET)).matches(SECRET));
        assertFalse(SecretSources.resolve(null, null, Map.of(SecretSources.ENV, "")).isSet());
        assertFalse(SecretSources.resolve(null, null, Map.of()).isSet());
        assertTrue(SecretSources.resolve(null, file.toString(), Map.of(SecretSources.ENV, "another-secret-from-env")).matches(SECRET),
                "a setting beats the environment");
    }

    @Test
    void conflictingOrUnreadableSourcesAreRefusedNamingTheSetting(@TempDir Path dir) {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> SecretSources.resolve(SECRET, dir.resolve("f").toString(), Map.of()));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SecretSources.resolve(null, dir.resolve("missing").toString(), Map.of()));
        assertTrue(missing.getMessage().contains("'secretFile'"), missing.getMessage());
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> SecretSources.resolve(null, null, Map.of(SecretSources.ENV, "weak")));
        assertTrue(weak.getMessage().contains(SecretSources.ENV), weak.getMessage());
    }
}
