package dev.parley.conversation;

import dev.parley.speech.Cancellable;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Time that moves only when a test (or a benchmark) says so. It is also an {@link Executor}: tasks
 * handed to it from any thread wait in a queue and run, in order, on the thread that calls
 * {@link #runReady()} or {@link #advance(long)}. Used as a session's serial lane it makes turn-taking
 * single-threaded and reproducible while real providers still compute on their own threads.
 */
public final class VirtualClock implements Clock, Executor {

    private record Timer(long dueNanos, long sequence, Runnable task) {
    }

    private final Object lock = new Object();
    private final Queue<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    public VirtualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Timer timer;
        synchronized (lock) {
            timer = new Timer(now + Math.max(0, delayNanos), sequence++, task);
            timers.add(timer);
        }
        return () -> {
            synchronized (lock) {
                timers.remove(timer);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            ready.add(task);
        }
    }

    /** Runs every queued task, including those queued while running, without moving time. */
    public void runReady() {
        for (Runnable task = poll(); task != null; task = poll()) {
            task.run();
        }
    }

    /** True when a task waits in the queue (provider callbacks that arrived but have not run). */
    public boolean hasReady() {
        synchronized (lock) {
            return !ready.isEmpty();
        }
    }

    /** Moves time forward, running queued tasks and every timer that falls due, in time order. */
    public void advance(long nanos) {
        long target;
        synchronized (lock) {
            target = now + nanos;
        }
        runReady();
        while (true) {
            Timer next;
            synchronized (lock) {
                next = timers.peek();
                if (next == null || next.dueNanos > target) {
                    now = target;
                    break;
                }
                timers.poll();
                now = Math.max(now, next.dueNanos);
            }
            next.task.run();
            runReady();
        }
        runReady();
    }

    public void advanceMillis(long millis) {
        advance(millis * 1_000_000L);
    }

    /** Timers not yet run or cancelled: a closed session must leave none behind. */
    public int pendingTimers() {
        synchronized (lock) {
            return timers.size();
        }
    }

    private Runnable poll() {
        synchronized (lock) {
            return ready.poll();
        }
    }
}
