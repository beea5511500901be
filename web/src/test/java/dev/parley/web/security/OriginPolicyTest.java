package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void aListedOriginIsAllowedWhateverItsCaseAndTrailingSlash() {
        OriginPolicy policy = new OriginPolicy(List.of("https://portal.example.com"));
        assertTrue(policy.allows("https://Portal.example.com/", "parley.internal:8080"));
        assertFalse(policy.allows("https://evil.example.com", "parley.internal:8080"));
        assertFalse(policy.allows("http://portal.example.com", "parley.internal:8080"));
    }

    @Test
    void withoutAListOrPublicUrlOnlyALoopbackPageOfTheSameHostIsAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertTrue(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(policy.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(policy.allows("http://[::1]:8080", "[::1]:8080"));
        assertFalse(policy.allows("http://evil.example.com", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://localhost:9999", "localhost:8080"), "another loopback page");
        assertFalse(policy.allows("http://127.0.0.1:8080", "localhost:8080"), "another origin");
    }

    /** A DNS-rebinding page: its own name now resolves to Parley, so the browser sends that name as both Origin and Host. */
    @Test
    void aRebindingPageWhoseHostMatchesItsOriginIsRefused() {
        assertFalse(new OriginPolicy(List.of()).allows("http://rebind.evil.example:8080", "rebind.evil.example:8080"));
        assertFalse(new OriginPolicy(List.of(), Optional.of("https://parley.example.com"))
                .allows("http://rebind.evil.example:8080", "rebind.evil.example:8080"));
    }

    @Test
    void thePublicUrlsOriginIsAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of(), Optional.of("https://parley.example.com"));
        assertTrue(policy.allows("https://parley.example.com", "10.0.0.5:8080"));
        assertFalse(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080"), "another loopback page");
        OriginPolicy both = new OriginPolicy(List.of("https://portal.example.com"), Optional.of("https://parley.example.com"));
        assertTrue(both.allows("https://portal.example.com", "parley.example.com"));
        assertTrue(both.allows("https://parley.example.com", "parley.example.com"));
    }

    /** Parley's own demo page (docs/widget.md): configuring the portal's origins must not lock it out. */
    @Test
    void aLoopbackPageOfTheSameHostStaysAllowedWhateverIsConfigured() {
        OriginPolicy listed = new OriginPolicy(List.of("https://portal.example.com"));
        assertTrue(listed.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(listed.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(listed.allows("https://portal.example.com", "127.0.0.1:8080"));
        assertFalse(listed.allows("http://localhost:9999", "localhost:8080"), "another loopback page");
        assertFalse(listed.allows("http://rebind.evil.example:8080", "rebind.evil.example:8080"), "a rebinding page");
        OriginPolicy withPublicUrl = new OriginPolicy(List.of("https://portal.example.com"), Optional.of("https://parley.example.com"));
        assertTrue(withPublicUrl.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(withPublicUrl.allows("https://parley.example.com", "parley.example.com"));
    }

    @Test
    void aMissingOrOpaqueOriginIsRefused() {
        OriginPolicy policy = new OriginPolicy(List.of("*"));
        assertFalse(policy.allows(null, "127.0.0.1:8080"));
        assertFalse(policy.allows("null", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://anything.example.com", "127.0.0.1:8080"));
    }
}
