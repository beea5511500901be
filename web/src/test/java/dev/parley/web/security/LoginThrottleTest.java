package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        private Instant now = Instant.parse("2026-12-04T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Hand clock = new Hand();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60), clock);

    @Test
    void anAddressIsThrottledAfterTheMaxFailuresWhateverNamesItTried() {
        throttle.failed("10.0.0.1", "ada");
        clock.advance(Duration.ofSeconds(10));
        throttle.failed("10.0.0.1", "bob");
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.1", "cy"));
        clock.advance(Duration.ofSeconds(10));
        throttle.failed("10.0.0.1", "cy");

        assertEquals(Optional.of(Duration.ofSeconds(40)), throttle.retryAfter("10.0.0.1", "dan"), "until the first failure is 60 s old");
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.2", "dan"), "other addresses are not affected");
        clock.advance(Duration.ofSeconds(40));
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.1", "dan"), "one more guess once the oldest failure expired");
    }

    @Test
    void aUserIsThrottledAfterTheMaxFailuresFromAnyAddresses() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0." + i, "ada");
        }
        assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.retryAfter("10.0.0.9", "ada"));
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.9", "bob"));
    }

    @Test
    void successClearsTheUsersFailuresButNotTheAddresss() {
        throttle.failed("10.0.0.1", "ada");
        throttle.failed("10.0.0.1", "ada");
        throttle.succeeded("ada");
        throttle.failed("10.0.0.2", "ada");
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.2", "ada"), "ada's count restarted after her login");
        throttle.failed("10.0.0.1", "bob");
        assertTrue(throttle.retryAfter("10.0.0.1", "cy").isPresent(), "10.0.0.1's three failures still count");
    }

    @Test
    void failuresOlderThanTheWindowAreForgottenAndMemoryStaysBounded() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "ada");
            clock.advance(Duration.ofSeconds(30));
        }
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.1", "ada"), "spread over 90 s: at most 2 in any 60 s");
        clock.advance(Duration.ofMinutes(5));
        throttle.retryAfter("10.0.0.1", "ada");
        assertEquals(0, throttle.size(), "expired keys are dropped when looked at");

        for (int i = 0; i < LoginThrottle.MAX_KEYS + 100; i++) {
            throttle.failed("10.0.0.1", "name-" + i);
        }
        assertTrue(throttle.size() <= LoginThrottle.MAX_KEYS, "at most " + LoginThrottle.MAX_KEYS + ": " + throttle.size());
        assertTrue(throttle.retryAfter("10.0.0.1", "x").isPresent(), "the busy address is among those kept");
    }
}
