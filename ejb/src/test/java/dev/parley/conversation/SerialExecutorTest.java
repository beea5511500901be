package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {

    @Test
    void tasksFromManyThreadsRunOneAtATimeInSubmissionOrderPerThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor lane = new SerialExecutor(pool);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(4 * 500);
            for (int s = 0; s < 4; s++) {
                int submitter = s;
                submitters.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        int n = i;
                        lane.execute(() -> {
                            if (running.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            order.add(submitter + ":" + n);
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get(), "two tasks ran at once");
            for (int s = 0; s < 4; s++) {
                String prefix = s + ":";
                List<Integer> mine = order.stream().filter(o -> o.startsWith(prefix)).map(o -> Integer.parseInt(o.substring(2))).toList();
                for (int i = 0; i < mine.size(); i++) {
                    assertEquals(i, mine.get(i));
                }
            }
        } finally {
            submitters.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheLane() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((thread, e) -> { });
            return t;
        });
        try {
            SerialExecutor lane = new SerialExecutor(pool);
            CountDownLatch after = new CountDownLatch(1);
            lane.execute(() -> {
                throw new IllegalStateException("boom");
            });
            lane.execute(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectedDrainIsReportedAndDoesNotWedgeTheLane() {
        AtomicBoolean accepting = new AtomicBoolean(false);
        Executor sometimesShutDown = task -> {
            if (!accepting.get()) {
                throw new RejectedExecutionException("shut down");
            }
            task.run();
        };
        SerialExecutor lane = new SerialExecutor(sometimesShutDown);
        List<String> ran = new ArrayList<>();

        assertThrows(RejectedExecutionException.class, () -> lane.execute(() -> ran.add("first")));
        accepting.set(true);
        lane.execute(() -> ran.add("second"));

        assertEquals(List.of("first", "second"), ran, "the lane runs again, in submission order");
    }
}
