package dev.parley.conversation;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A session's one logical thread: tasks run one at a time, in submission order, borrowing threads
 * of a shared executor. Turn-taking state is touched only from here, so it needs no locks.
 */
public final class SerialExecutor implements Executor {

    private final Executor threads;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    public SerialExecutor(Executor threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        boolean start;
        synchronized (tasks) {
            tasks.add(task);
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                threads.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // Nothing drains now: without this the lane would believe a drain is under way and
                // queue every later task forever. The tasks stay queued, in order, for the next
                // submission that finds the executor accepting again; the caller learns of this one.
                synchronized (tasks) {
                    draining = false;
                }
                throw e;
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // One failing task must not wedge the session's lane; the engine turns its own
                // failures into a session end, so this is a broken contract worth surfacing loudly.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
