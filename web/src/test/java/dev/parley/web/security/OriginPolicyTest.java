package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    void withoutAListOnlyParleysOwnHostIsAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertTrue(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://evil.example.com", "127.0.0.1:8080"));
    }

    @Test
    void aMissingOrOpaqueOriginIsRefused() {
        OriginPolicy policy = new OriginPolicy(List.of("*"));
        assertFalse(policy.allows(null, "127.0.0.1:8080"));
        assertFalse(policy.allows("null", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://anything.example.com", "127.0.0.1:8080"));
    }
}
