package dev.parley.rtp;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link BridgeCounters}, written by the bridge's threads. */
final class BridgeCounterSet {
    final AtomicLong received = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong concealed = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong silenceSent = new AtomicLong();
    final AtomicLong droppedOnFlush = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    final AtomicLong rtcpSent = new AtomicLong();
    final AtomicLong rtcpReceived = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong otherPayloadTypes = new AtomicLong();
    final AtomicLong sourceChanges = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();

    BridgeCounters snapshot(long lost, long sendStalls, double maxJitterMillis) {
        return new BridgeCounters(received.get(), lost, late.get(), duplicates.get(), concealed.get(), sent.get(),
                droppedOnFlush.get(), flushes.get(), rtcpSent.get(), rtcpReceived.get(), malformed.get(), otherPayloadTypes.get(),
                sourceChanges.get(), sendErrors.get(), sendStalls, silenceSent.get(), maxJitterMillis);
    }
}
