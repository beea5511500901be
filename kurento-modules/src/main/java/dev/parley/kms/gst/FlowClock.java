package dev.parley.kms.gst;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Drives every element's {@link FlowMonitor} checks from one timer thread per engine. */
final class FlowClock implements AutoCloseable {
    /** KMS's MEDIA_FLOW_INTERNAL_TIME_MSEC. */
    static final long CHECK_INTERVAL_MILLIS = 2000;

    private final Set<FlowMonitor> monitors = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    FlowClock(String threadName) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::checkAll, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(FlowMonitor monitor) {
        monitors.add(monitor);
    }

    void forget(FlowMonitor monitor) {
        monitors.remove(monitor);
    }

    private void checkAll() {
        for (FlowMonitor monitor : monitors) {
            try {
                monitor.check();
            } catch (RuntimeException e) {
                // One element's listener failing must not stop the others' checks.
                System.getLogger(FlowClock.class.getName())
                        .log(System.Logger.Level.WARNING, "media flow listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        monitors.clear();
    }
}
