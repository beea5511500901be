package dev.parley.store;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs history writes one at a time in the order they were made, on a borrowed thread, so that a
 * session's start is stored before its turns and its end (a short session's writes would otherwise
 * race for the same row). When the executor refuses (the application is stopping), the caller's
 * thread does the writing rather than lose it. A failing write is logged and the next one runs.
 */
final class OrderedWrites {

    private static final System.Logger LOG = System.getLogger(OrderedWrites.class.getName());

    private final Executor threads;
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private boolean draining;

    OrderedWrites(Executor threads) {
        this.threads = threads;
    }

    void submit(String what, Runnable write) {
        Runnable logged = () -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "storing the " + what + " failed", e);
            }
        };
        synchronized (pending) {
            pending.add(logged);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            threads.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (pending) {
                next = pending.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }
}
