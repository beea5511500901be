package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WidgetTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    private static WidgetTokens at(Instant now, byte[] secret) {
        return new WidgetTokens(secret, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void anIssuedTokenVerifiesWithItsExpiryAndSessionLimit() throws InvalidTokenException {
        WidgetTokens.Issued issued = at(NOW, SECRET).issue(Duration.ofMinutes(30));

        WidgetToken token = at(NOW.plusSeconds(299), SECRET).verify(issued.text());

        assertEquals(NOW.plusSeconds(300), token.expiresAt());
        assertEquals(Duration.ofMinutes(30), token.maxSessionDuration());
        assertEquals(issued.token().id(), token.id());
    }

    @Test
    void twoTokensDiffer() {
        WidgetTokens tokens = at(NOW, SECRET);
        assertNotEquals(tokens.issue(Duration.ofMinutes(1)).text(), tokens.issue(Duration.ofMinutes(1)).text());
    }

    @Test
    void anExpiredTokenIsRefused() {
        String text = at(NOW, SECRET).issue(Duration.ofMinutes(30)).text();

        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> at(NOW.plusSeconds(300), SECRET).verify(text));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
        assertEquals(InvalidTokenException.Reason.EXPIRED, refused.reason());
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        byte[] other = "another secret of thirty-two bytes!".getBytes(StandardCharsets.UTF_8);
        String text = at(NOW, other).issue(Duration.ofMinutes(30)).text();

        InvalidTokenException refused = assertThrows(InvalidTokenException.class, () -> at(NOW, SECRET).verify(text));
        assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
        assertEquals(InvalidTokenException.Reason.FORGED, refused.reason());
    }

    @Test
    void aTokenWhosePayloadWasChangedIsRefused() {
        String text = at(NOW, SECRET).issue(Duration.ofMinutes(30)).text();
        String signature = text.substring(text.indexOf('.') + 1);
        String longer = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1|abc|" + NOW.plusSeconds(86_400).getEpochSecond() + "|1800").getBytes(StandardCharsets.UTF_8));

        assertThrows(InvalidTokenException.class, () -> at(NOW, SECRET).verify(longer + "." + signature));
    }

    @Test
    void aTokenCarriesTheZoneItWasIssuedForAndOnlyThatOne() throws InvalidTokenException {
        WidgetTokens tokens = at(NOW, SECRET);
        assertEquals("eu-west", tokens.verify(tokens.issue(Duration.ofMinutes(30), "eu-west").text()).zone());
        assertNull(tokens.verify(tokens.issue(Duration.ofMinutes(30)).text()).zone());
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(Duration.ofMinutes(30), "eu|west"));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(Duration.ofMinutes(30), ""));
    }

    @Test
    void aTokenIssuedBeforeZonesExistedIsStillAccepted() throws InvalidTokenException {
        byte[] payload = ("v1|0123456789ab|" + NOW.plusSeconds(60).getEpochSecond() + "|1800").getBytes(StandardCharsets.UTF_8);
        String legacy = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(payload));
        WidgetToken token = at(NOW, SECRET).verify(legacy);
        assertEquals("0123456789ab", token.id());
        assertEquals(Duration.ofMinutes(30), token.maxSessionDuration());
        assertNull(token.zone());
    }

    private static byte[] hmac(byte[] payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedTokensAreRefusedWithTheReason() {
        WidgetTokens tokens = at(NOW, SECRET);
        assertTrue(assertThrows(InvalidTokenException.class, () -> tokens.verify(null)).getMessage().contains("no widget token"));
        assertTrue(assertThrows(InvalidTokenException.class, () -> tokens.verify("abc")).getMessage().contains("malformed"));
        assertTrue(assertThrows(InvalidTokenException.class, () -> tokens.verify("a.b.c")).getMessage().contains("malformed"));
        assertTrue(assertThrows(InvalidTokenException.class, () -> tokens.verify("!!.??")).getMessage().contains("base64url"));
    }
}
