package dev.parley.kms.gst;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * KMS's media-flow rule (kurento-behaviour §3.2): FLOWING on the first buffer, NOT_FLOWING when a
 * periodic check finds no buffer since the previous one. Only transitions are reported.
 */
final class FlowMonitor {
    private final AtomicLong buffers = new AtomicLong();
    private final AtomicBoolean flowing = new AtomicBoolean();
    private final Consumer<Boolean> report;
    private long buffersAtLastCheck;

    FlowMonitor(Consumer<Boolean> report) {
        this.report = report;
    }

    /** Called from streaming threads for every buffer. */
    void onBuffer() {
        buffers.incrementAndGet();
        if (flowing.compareAndSet(false, true)) {
            report.accept(true);
        }
    }

    /** Called by {@link FlowClock} every check interval. */
    synchronized void check() {
        long now = buffers.get();
        if (now == buffersAtLastCheck && flowing.compareAndSet(true, false)) {
            report.accept(false);
        }
        buffersAtLastCheck = now;
    }

    boolean isFlowing() {
        return flowing.get();
    }

    long bufferCount() {
        return buffers.get();
    }
}
