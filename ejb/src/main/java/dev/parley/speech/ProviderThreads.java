package dev.parley.speech;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for providers used as plain Java. Inside Payara the CDI producer passes the
 * container's ManagedThreadFactory instead; this one only names its daemon threads after the
 * provider so thread dumps say who owns them.
 */
public final class ProviderThreads {
    private ProviderThreads() {
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
