package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {

    @Test
    void aVerifiedLoginIsRememberedForItsLifetimeAndOnlyExactly() {
        Clock[] clock = {Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC)};
        VerifiedLogins logins = new VerifiedLogins(Duration.ofMinutes(5), new Clock() {
            @Override public Instant instant() { return clock[0].instant(); }
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        });
        logins.add("ada", "pw", "hash-1");
        assertTrue(logins.contains("ada", "pw", "hash-1"));
        assertFalse(logins.contains("ada", "pw2", "hash-1"), "another password");
        assertFalse(logins.contains("ada", "pw", "hash-2"), "the stored hash changed");
        assertFalse(logins.contains("adap", "w", "hash-1"), "user and password are not simply concatenated");
        clock[0] = Clock.offset(clock[0], Duration.ofMinutes(5));
        assertFalse(logins.contains("ada", "pw", "hash-1"), "expired");

        for (int i = 0; i < VerifiedLogins.MAX_ENTRIES + 10; i++) {
            logins.add("u" + i, "pw", "h");
        }
        assertTrue(logins.size() <= VerifiedLogins.MAX_ENTRIES);
    }
}
