package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.web.security.OriginPolicy;
import dev.parley.web.security.WidgetTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may open the signalling socket, with real tokens (WidgetTokens is pure) and origins. */
class AccessGateTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String PAGE = "http://127.0.0.1:8080";
    private static final Handshake FROM_PAGE = new Handshake(PAGE, "127.0.0.1:8080", "Chromium", null, "127.0.0.1");

    private final WidgetTokens tokens = tokensAt(NOW);

    private static WidgetTokens tokensAt(Instant now) {
        return new WidgetTokens(SECRET, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    private AccessGate gate(boolean demoMode) {
        return new AccessGate(new OriginPolicy(List.of()), tokens::verify, demoMode, Duration.ofMinutes(30));
    }

    private static String code(AccessGate gate, Handshake handshake, String token) {
        return assertThrows(AccessRefused.class, () -> gate.admit(handshake, token, "c1")).error().code();
    }

    @Test
    void aValidTokenFromTheServersOwnPageIsAdmittedUnderItsId() throws AccessRefused {
        WidgetTokens.Issued issued = tokens.issue(Duration.ofMinutes(10));

        Admission admission = gate(false).admit(FROM_PAGE, issued.text(), "c1");

        assertEquals(issued.token().id(), admission.quotaKey());
        assertEquals(Duration.ofMinutes(10), admission.maxSessionDuration(), "the token's shorter limit wins");
        assertFalse(admission.who().contains(issued.text()), "the token's text is never shown");
    }

    @Test
    void theZoneATokenNamesGoesWithTheAdmissionAndADemoConnectionHasNone() throws AccessRefused {
        assertEquals("eu-west", gate(false).admit(FROM_PAGE, tokens.issue(Duration.ofMinutes(10), "eu-west").text(), "c1").zone());
        assertEquals(null, gate(false).admit(FROM_PAGE, tokens.issue(Duration.ofMinutes(10)).text(), "c1").zone());
        assertEquals(null, gate(true).admit(FROM_PAGE, null, "c1").zone());
    }

    @Test
    void aTokenCannotGrantLongerSessionsThanTheServerAllows() throws AccessRefused {
        String text = tokens.issue(Duration.ofHours(5)).text();
        assertEquals(Duration.ofMinutes(30), gate(false).admit(FROM_PAGE, text, "c1").maxSessionDuration());
    }

    @Test
    void aForeignOrMissingOriginIsRefusedEvenWithAValidToken() {
        String text = tokens.issue(Duration.ofMinutes(10)).text();
        Handshake evil = new Handshake("http://evil.example", "127.0.0.1:8080", "Chromium", null, "127.0.0.1");
        AccessRefused refused = assertThrows(AccessRefused.class, () -> gate(true).admit(evil, text, "c1"));
        assertEquals(SignallingError.ORIGIN_REFUSED, refused.error().code());
        assertTrue(refused.error().message().contains("http://evil.example")
                && refused.error().message().contains("parley.security.allowed-origins"), refused.error().message());

        Handshake none = new Handshake(null, "127.0.0.1:8080", "curl", null, "127.0.0.1");
        AccessRefused missing = assertThrows(AccessRefused.class, () -> gate(true).admit(none, text, "c1"));
        assertEquals(SignallingError.ORIGIN_REFUSED, missing.error().code());
        assertTrue(missing.error().message().contains("no Origin"), missing.error().message());
    }

    @Test
    void anOriginOnTheAllowedListIsAdmitted() throws AccessRefused {
        var gate = new AccessGate(new OriginPolicy(List.of("https://portal.example.com")), tokens::verify, false, Duration.ofMinutes(30));
        Handshake portal = new Handshake("https://portal.example.com", "voice.example.com", "Chromium", null, "192.0.2.1");
        gate.admit(portal, tokens.issue(Duration.ofMinutes(1)).text(), "c1");
        Handshake foreign = new Handshake("https://other.example.com", "voice.example.com", "Chromium", null, "192.0.2.1");
        assertEquals(SignallingError.ORIGIN_REFUSED, code(gate, foreign, tokens.issue(Duration.ofMinutes(1)).text()));
        // Parley's own loopback page stays allowed when a portal's origin is listed (docs/widget.md).
        gate.admit(FROM_PAGE, tokens.issue(Duration.ofMinutes(1)).text(), "c2");
    }

    @Test
    void withoutDemoModeATokenIsRequired() {
        assertEquals(SignallingError.TOKEN_REQUIRED, code(gate(false), FROM_PAGE, null));
        assertEquals(SignallingError.TOKEN_REQUIRED, code(gate(false), FROM_PAGE, "  "));
    }

    @Test
    void malformedAndForgedTokensAreRefusedWithoutEchoingThem() {
        String finalForged = forged(tokens.issue(Duration.ofMinutes(10)).text());
        AccessRefused refused = assertThrows(AccessRefused.class, () -> gate(false).admit(FROM_PAGE, finalForged, "c1"));
        assertEquals(SignallingError.TOKEN_REFUSED, refused.error().code());
        assertTrue(refused.error().message().contains("signature"), refused.error().message());
        assertFalse(refused.error().message().contains(finalForged));

        assertEquals(SignallingError.TOKEN_REFUSED, code(gate(false), FROM_PAGE, "e2e-123"));
    }

    @Test
    void anExpiredTokenHasItsOwnCodeSoThePortalCanFetchAFreshOne() {
        String text = tokensAt(NOW.minus(Duration.ofMinutes(6))).issue(Duration.ofMinutes(10)).text();
        AccessRefused refused = assertThrows(AccessRefused.class, () -> gate(false).admit(FROM_PAGE, text, "c1"));
        assertEquals(SignallingError.TOKEN_EXPIRED, refused.error().code());
        assertTrue(refused.error().message().contains("expired"), refused.error().message());
    }

    @Test
    void demoModeAdmitsConnectionsWithoutATokenEachUnderItsOwnKeyButStillVerifiesAPresentedOne() throws AccessRefused {
        Admission first = gate(true).admit(FROM_PAGE, null, "c1");
        Admission second = gate(true).admit(FROM_PAGE, "", "c2");
        assertNotEquals(first.quotaKey(), second.quotaKey());
        assertEquals(Duration.ofMinutes(30), first.maxSessionDuration());
        assertEquals("demo", first.who());

        assertEquals(SignallingError.TOKEN_REFUSED, code(gate(true), FROM_PAGE, "not-a-token"));
    }

    @Test
    void demoConnectionsAreCountedByTheirPeerAddressNotByWhatTheyClaimTokenConnectionsByTheirToken() throws AccessRefused {
        Handshake forwarded = new Handshake(PAGE, "127.0.0.1:8080", "Chromium", "203.0.113.9", "127.0.0.1");
        assertEquals("address 127.0.0.1", gate(true).admit(FROM_PAGE, null, "c1").clientKey());
        assertEquals("address 127.0.0.1", gate(true).admit(forwarded, null, "c2").clientKey(), "X-Forwarded-For is the client's word");
        assertEquals("address unknown", gate(true).admit(new Handshake(PAGE, "127.0.0.1:8080", "Chromium", null, null), null, "c3").clientKey());
        assertEquals(null, gate(true).admit(FROM_PAGE, tokens.issue(Duration.ofMinutes(1)).text(), "c4").clientKey(),
                "a token's connections are bounded by its own quota");
    }

    /** The signature's first character changed: its first byte differs (the last character may carry only padding bits). */
    static String forged(String token) {
        int at = token.indexOf('.') + 1;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
