package dev.parley.web.signalling;

import static dev.parley.web.signalling.MessageRateLimiter.Verdict.ACCEPT;
import static dev.parley.web.signalling.MessageRateLimiter.Verdict.DROP;
import static dev.parley.web.signalling.MessageRateLimiter.Verdict.DROP_AND_REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MessageRateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final MessageRateLimiter limiter = new MessageRateLimiter(10, nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void aSecondsWorthPassesAtOnceThenTheBurstIsDroppedAndReportedOnce() {
        for (int i = 0; i < 10; i++) {
            assertEquals(ACCEPT, limiter.next(), "message " + i);
        }
        assertEquals(DROP_AND_REPORT, limiter.next());
        for (int i = 0; i < 100; i++) {
            assertEquals(DROP, limiter.next());
        }
    }

    @Test
    void theBucketRefillsAtTheRateAndANewBurstIsReportedAgain() {
        for (int i = 0; i < 10; i++) {
            limiter.next();
        }
        assertEquals(DROP_AND_REPORT, limiter.next());
        advanceMillis(100); // one message's worth
        assertEquals(ACCEPT, limiter.next());
        assertEquals(DROP_AND_REPORT, limiter.next(), "a new burst after an accepted message is reported again");
        assertEquals(DROP, limiter.next());
    }

    @Test
    void aSteadyFlowAtTheRateIsNeverDropped() {
        for (int i = 0; i < 1000; i++) {
            advanceMillis(100);
            assertEquals(ACCEPT, limiter.next(), "message " + i);
        }
    }

    @Test
    void aLongPauseSavesUpNoMoreThanOneSecondsWorth() {
        advanceMillis(60_000);
        for (int i = 0; i < 10; i++) {
            assertEquals(ACCEPT, limiter.next());
        }
        assertEquals(DROP_AND_REPORT, limiter.next());
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MessageRateLimiter(0, nanos::get));
    }
}
