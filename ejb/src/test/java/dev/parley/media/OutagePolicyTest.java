package dev.parley.media;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The media-server-down policy on a hand-driven clock: what is attempted when, and what is logged. */
class OutagePolicyTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final OutagePolicy policy = new OutagePolicy("ws://kms:8888/kurento?secret=***", now::get);

    @Test
    void attemptsBackOffFromTwoSecondsDoublingToOneMinute() {
        List<Long> gaps = new ArrayList<>();
        policy.failed("Connection refused");
        for (int i = 0; i < 9; i++) {
            long waited = 0;
            while (!policy.attemptDue()) {
                now.addAndGet(100);
                waited += 100;
            }
            gaps.add(waited);
            policy.failed("Connection refused");
        }
        assertEquals(List.of(2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L, 60_000L), gaps);
    }

    @Test
    void anHourDownLogsTheCauseOnceThenAReminderAtMostEveryFiveMinutesAndOneLineWhenBack() {
        List<OutagePolicy.Entry> logged = new ArrayList<>();
        long start = now.get();
        int attempts = 0;
        while (now.get() - start < 3_600_000) {
            if (policy.attemptDue()) {
                attempts++;
                policy.failed("ConnectException: Connection refused").ifPresent(logged::add);
            }
            now.addAndGet(2_000); // the Kurento client's own loop ticks every 2 s
        }
        Optional<OutagePolicy.Entry> back = policy.succeeded();

        assertTrue(logged.get(0).message().contains("is not reachable: ConnectException: Connection refused"), logged.get(0).message());
        assertEquals(System.Logger.Level.WARNING, logged.get(0).level());
        for (OutagePolicy.Entry entry : logged.subList(1, logged.size())) {
            assertTrue(entry.message().contains("still down after"), entry.message());
        }
        // 1 outage line plus a reminder per 5 minutes (an attempt lands on or just after each mark).
        assertTrue(logged.size() >= 11 && logged.size() <= 13, logged.size() + " lines: " + logged);
        assertTrue(attempts < 70, "backed off to a minute: " + attempts + " attempts in an hour (the client's fixed 2 s made 1800)");
        assertTrue(back.isPresent() && back.get().level() == System.Logger.Level.INFO, String.valueOf(back));
        assertTrue(back.get().message().contains("is back after 3600 s down"), back.get().message());
        assertTrue(logged.stream().noneMatch(e -> e.message().contains("\n")), "one line each");
        assertTrue(logged.stream().allMatch(e -> e.message().contains("ws://kms:8888/kurento?secret=***")));
    }

    @Test
    void aDroppedConnectionMayReconnectAtOnceAndIsLoggedOnceWhateverFollows() {
        Optional<OutagePolicy.Entry> lost = policy.lost("the connection dropped");
        assertTrue(lost.isPresent() && lost.get().message().contains("is down: the connection dropped"), String.valueOf(lost));
        assertTrue(policy.attemptDue(), "a blip reconnects at once");
        assertEquals(Optional.empty(), policy.lost("the connection dropped"), "a second drop event is not a new outage");
        assertEquals(Optional.empty(), policy.failed("Connection refused"), "the first failed attempt is inside the outage already logged");
        assertFalse(policy.attemptDue());
        now.addAndGet(2_000);
        assertTrue(policy.attemptDue());
        assertTrue(policy.succeeded().isPresent());
        assertEquals(Optional.empty(), policy.succeeded(), "back once");
        assertTrue(policy.attemptDue() && !policy.isDown());
    }

    @Test
    void afterRecoveryANewOutageStartsAgainFromTwoSeconds() {
        for (int i = 0; i < 8; i++) {
            policy.failed("refused");
            now.addAndGet(60_000);
        }
        policy.succeeded();
        assertTrue(policy.failed("refused").isPresent(), "a new outage is logged");
        assertEquals(2_000, policy.millisUntilNextAttempt());
    }
}
