package dev.parley.kms.access;

import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.server.ServerConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server reachable beyond loopback refuses to start without a secret. Pure configuration logic:
 * nothing here binds or sends to any address (address literals are parsed, not looked up).
 */
class ExposureTest {
    private static final String SECRET = "a-secret-long-enough-1";

    @Test
    void loopbackIsAll127AndIpv6One() {
        assertTrue(Exposure.isLoopback("127.0.0.1"));
        assertTrue(Exposure.isLoopback("127.3.2.1"));
        assertTrue(Exposure.isLoopback("::1"));
        assertFalse(Exposure.isLoopback("0.0.0.0"));
        assertFalse(Exposure.isLoopback("::"));
        assertFalse(Exposure.isLoopback("192.0.2.10"));
        assertFalse(Exposure.isLoopback("10.1.2.3"));
        assertFalse(Exposure.isLoopback("2001:db8::1"));
    }

    @Test
    void everyInterfaceWithoutASecretStopsTheServerWithAClearMessage() {
        for (String address : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerConfigLoader.load(new String[] {"--bindAddress=" + address}, new Properties(), Map.of()));
            assertTrue(e.getMessage().contains("bindAddress " + address) && e.getMessage().contains("secret is required"),
                    e.getMessage());
        }
    }

    @Test
    void everyInterfaceWithASecretFromAnySourceIsAccepted() {
        ServerConfig config = ServerConfigLoader.load(new String[] {"--bindAddress=0.0.0.0"}, new Properties(),
                Map.of(SecretSources.ENV, SECRET));
        assertEquals("0.0.0.0", config.bindAddress());
        assertTrue(config.secret().matches(SECRET));
        assertDoesNotThrow(() -> ServerConfigLoader.load(new String[] {"--bindAddress=::", "--secret=" + SECRET},
                new Properties(), Map.of()));
    }

    @Test
    void loopbackNeedsNoSecret() {
        assertFalse(ServerConfigLoader.load(new String[] {"--bindAddress=127.0.0.1"}, new Properties(), Map.of()).secret().isSet());
        assertDoesNotThrow(() -> ServerConfigLoader.load(new String[] {"--bindAddress=::1"}, new Properties(), Map.of()));
    }

    @Test
    void theSettingsNeverShowTheSecret() {
        ServerConfig config = ServerConfigLoader.load(new String[] {"--secret=" + SECRET}, new Properties(), Map.of());
        assertFalse(config.toString().contains(SECRET), config.toString());
    }
}
