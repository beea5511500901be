package dev.parley.speech;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for providers used as plain Java. Inside Payara the CDI producer passes the
 * container's ManagedThreadFactory instead; this one only names its daemon threads after the
 * provider so thread dumps say who owns them. {@link #stop} ends them again.
 */
public final class ProviderThreads {
    private ProviderThreads() {
    }

    /**
     * The container's threads (its ManagedThreadFactory's, with their context), named after the
     * provider that runs on them, as {@link #named(String)} names plain ones: a thread dump or a
     * per-thread CPU figure then says which provider's native work a thread does. A factory that
     * gives no thread (the application is stopping) still gives none.
     */
    public static ThreadFactory named(ThreadFactory threads, String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = threads.newThread(runnable);
            if (thread != null) {
                thread.setName(prefix + "-" + next.incrementAndGet());
            }
            return thread;
        };
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Interrupts a provider's threads and waits up to five seconds for them to end, so native
     * handles they still hold are released before the provider frees what they share. An
     * interrupt of the closing thread is kept, not swallowed.
     */
    public static void stop(ExecutorService threads) {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
