package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private final Clock at1700000000 = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void usernameIsExpiryColonUserAndPasswordIsCoturnsHmac() {
        IceServer server = new TurnCredentials("north-wind", Duration.ofHours(1), at1700000000)
                .issue(List.of("turn:127.0.0.1:3478"), "alice");
        assertEquals("1700003600:alice", server.username());
        // openssl: printf 1700003600:alice | openssl dgst -sha1 -hmac north-wind -binary | base64
        assertEquals("iRtTIZ3N38dm9S+dP+UkHfnN9Qo=", server.credential());
        assertEquals(List.of("turn:127.0.0.1:3478"), server.urls());
    }

    @Test
    void aColonInTheUserCannotForgeTheExpiry() {
        IceServer server = new TurnCredentials("s", Duration.ofSeconds(10), at1700000000).issue(List.of("turn:x"), "9999999999:bob");
        assertEquals("1700000010:9999999999_bob", server.username());
    }

    @Test
    void anEmptySecretIsRefusedNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TurnCredentials("", Duration.ofHours(1), at1700000000));
        assertEquals(true, e.getMessage().contains(SignallingSettings.TURN_SECRET), e.getMessage());
    }

    @Test
    void iceServersCarryStunAndFreshTurnOnlyWhenConfigured() {
        var settings = new SignallingSettings(List.of("stun:127.0.0.1:3478"), List.of("turn:127.0.0.1:3478?transport=udp"),
                "north-wind", Duration.ofHours(1), 65_536, 2, List.of("en"));
        List<IceServer> servers = new IceServers(settings, at1700000000).forUser("alice");
        assertEquals(2, servers.size());
        assertEquals(new IceServer(List.of("stun:127.0.0.1:3478"), null, null), servers.get(0));
        assertEquals("iRtTIZ3N38dm9S+dP+UkHfnN9Qo=", servers.get(1).credential());

        var none = SignallingSettings.from(key -> java.util.Optional.empty());
        assertEquals(List.of(), new IceServers(none, at1700000000).forUser("alice"));
    }

    @Test
    void turnUrlsWithoutSecretAreRefusedAtStartup() {
        var e = assertThrows(IllegalArgumentException.class, () -> SignallingSettings.from(key ->
                java.util.Optional.ofNullable(key.equals(SignallingSettings.TURN_URLS) ? "turn:127.0.0.1:3478" : null)));
        assertEquals(true, e.getMessage().contains(SignallingSettings.TURN_SECRET), e.getMessage());
    }
}
