package dev.parley.conversation;

import dev.parley.speech.Cancellable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VirtualClockTest {

    @Test
    void timersRunInTimeOrderAtTheirDueTimeAndTasksTheyQueueRunToo() {
        VirtualClock clock = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        clock.schedule(30, () -> log.add("b@" + clock.nanoTime()));
        clock.schedule(10, () -> {
            log.add("a@" + clock.nanoTime());
            clock.execute(() -> log.add("a-followup@" + clock.nanoTime()));
        });
        clock.schedule(31, () -> log.add("c@" + clock.nanoTime()));
        clock.advance(30);
        assertEquals(List.of("a@10", "a-followup@10", "b@30"), log);
        assertEquals(30, clock.nanoTime());
        assertEquals(1, clock.pendingTimers());
    }

    @Test
    void aCancelledTimerNeverRuns() {
        VirtualClock clock = new VirtualClock(0);
        List<String> log = new ArrayList<>();
        Cancellable timer = clock.schedule(10, () -> log.add("ran"));
        timer.cancel();
        clock.advance(100);
        assertEquals(List.of(), log);
        assertEquals(0, clock.pendingTimers());
    }
}
