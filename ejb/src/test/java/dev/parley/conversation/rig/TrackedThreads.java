package dev.parley.conversation.rig;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread factory for providers that keeps their threads, so a test can tell when every one of
 * them is parked waiting for more work (a streaming recogniser that has digested all its audio).
 */
public final class TrackedThreads implements ThreadFactory {

    private final String prefix;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public TrackedThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + "-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /** True when no thread is running or runnable; checked twice, so a thread just woken is seen. */
    public boolean allParked() {
        if (!parkedNow()) {
            return false;
        }
        LockSupport.parkNanos(100_000);
        return parkedNow();
    }

    private boolean parkedNow() {
        for (Thread t : threads) {
            Thread.State state = t.getState();
            if (state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED) {
                return false;
            }
        }
        return true;
    }
}
