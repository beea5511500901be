package dev.parley.conversation;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;

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
            threads.execute(this::drain);
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
