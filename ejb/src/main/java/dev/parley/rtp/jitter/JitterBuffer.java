package dev.parley.rtp.jitter;

import dev.parley.rtp.packet.RtpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small reordering buffer for one RTP source. Packets that arrive in order leave at once, so a
 * clean network adds no delay. When one is missing, the packets behind it wait until the gap has
 * been open for {@code depthMillis} or until more than {@code depthMillis} of audio is waiting;
 * then the hole is released as a {@link JitterOutput.Loss} to conceal and playout moves on.
 * A packet arriving after its place was given up is counted late and dropped; a packet seen
 * twice is counted as a duplicate.
 *
 * <p>Why no fixed playout delay: the consumer is the conversation engine (VAD and STT), not a
 * loudspeaker, so it needs audio complete and in order, not evenly spaced in time; every
 * millisecond held back here would add to the agent's response time.
 *
 * <p>Pure logic, times passed in; not thread-safe (the bridge's receive thread owns it).
 */
public final class JitterBuffer {

    /** A jump this large (in packets) means the sender restarted its sequence: start afresh. */
    private static final int MAX_JUMP = 3_000;
    private static final int RECENT = 256;

    private final long depthNanos;
    private final long depthTimestampUnits;
    private final long defaultPacketTimestampUnits;
    private final TreeMap<Long, Arrival> waiting = new TreeMap<>();
    /** Extended sequence numbers recently released: positive if played, negative if concealed. */
    private final long[] recent = new long[RECENT];

    private boolean started;
    private long expected;
    private long lastReleasedTimestamp;
    private long lastReleasedSequence;
    private long gapOpenSinceNanos = -1;
    private long late;
    private long duplicates;
    private long concealed;
    private long resyncs;

    private record Arrival(RtpPacket packet, long arrivalNanos) {
    }

    /** What {@link #insert} did with a packet. */
    public enum InsertResult { ACCEPTED, DUPLICATE, LATE, RESYNC }

    /**
     * @param depthMillis how long a packet may wait for a missing predecessor, e.g. 40-60 ms
     * @param clockRate   the payload format's RTP clock rate
     */
    public JitterBuffer(int depthMillis, int clockRate) {
        if (depthMillis < 0 || depthMillis > 1_000) {
            throw new IllegalArgumentException("jitter buffer depth must be 0..1000 ms, got " + depthMillis);
        }
        this.depthNanos = depthMillis * 1_000_000L;
        this.depthTimestampUnits = (long) depthMillis * clockRate / 1_000;
        this.defaultPacketTimestampUnits = clockRate / 50;
    }

    public InsertResult insert(RtpPacket packet, long nowNanos) {
        if (!started) {
            startAt(packet);
        }
        long sequence = extend(packet.sequenceNumber());
        if (Math.abs(sequence - expected) > MAX_JUMP) {
            waiting.clear();
            resyncs++;
            startAt(packet);
            sequence = expected;
            waiting.put(sequence, new Arrival(packet, nowNanos));
            return InsertResult.RESYNC;
        }
        if (sequence < expected) {
            int slot = (int) Math.floorMod(sequence, (long) RECENT);
            if (recent[slot] == sequence + 1) { // stored +1 so that 0 means "unknown"
                duplicates++;
                return InsertResult.DUPLICATE;
            }
            late++;
            return InsertResult.LATE;
        }
        if (waiting.putIfAbsent(sequence, new Arrival(packet, nowNanos)) != null) {
            duplicates++;
            return InsertResult.DUPLICATE;
        }
        return InsertResult.ACCEPTED;
    }

    /** Releases whatever may leave at {@code nowNanos}, in order. */
    public List<JitterOutput> drain(long nowNanos) {
        List<JitterOutput> out = new ArrayList<>();
        while (!waiting.isEmpty()) {
            Map.Entry<Long, Arrival> head = waiting.firstEntry();
            if (head.getKey() == expected) {
                waiting.pollFirstEntry();
                RtpPacket packet = head.getValue().packet();
                out.add(new JitterOutput.Playout(packet));
                remember(expected, true);
                lastReleasedTimestamp = packet.timestamp();
                lastReleasedSequence = expected;
                expected++;
                gapOpenSinceNanos = -1;
                continue;
            }
            if (gapOpenSinceNanos < 0) {
                gapOpenSinceNanos = earliestArrival();
            }
            boolean waitedLongEnough = nowNanos - gapOpenSinceNanos >= depthNanos;
            boolean tooMuchWaiting = timestampSpan(lastReleasedTimestamp, waiting.lastEntry().getValue().packet().timestamp())
                    > depthTimestampUnits + defaultPacketTimestampUnits;
            if (!waitedLongEnough && !tooMuchWaiting) {
                break;
            }
            long perPacket = estimatedPacketDuration(head.getKey(), head.getValue().packet());
            RtpPacket next = head.getKey() == expected + 1 ? head.getValue().packet() : null;
            out.add(new JitterOutput.Loss(expected, perPacket, next));
            remember(expected, false);
            concealed++;
            lastReleasedTimestamp = (lastReleasedTimestamp + perPacket) & 0xFFFFFFFFL;
            lastReleasedSequence = expected;
            expected++;
        }
        return out;
    }

    /**
     * When {@link #drain} next has something to release although no packet arrives: the moment the
     * open gap has waited the full depth; {@link Long#MAX_VALUE} if nothing waits, and a time in the
     * past if the head packet is already due (drain has not run since it came).
     */
    public long nextDeadlineNanos() {
        if (waiting.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (waiting.firstKey() == expected) {
            return Long.MIN_VALUE;
        }
        long since = gapOpenSinceNanos >= 0 ? gapOpenSinceNanos : earliestArrival();
        return since + depthNanos;
    }

    public long lateCount() {
        return late;
    }

    public long duplicateCount() {
        return duplicates;
    }

    public long concealedCount() {
        return concealed;
    }

    public long resyncCount() {
        return resyncs;
    }

    /** Packets held back waiting for a missing one. */
    public int waitingCount() {
        return waiting.size();
    }

    private void startAt(RtpPacket packet) {
        started = true;
        // Extended numbers start one cycle up so that reordered packets just before the first stay positive.
        expected = 0x10000L + packet.sequenceNumber();
        lastReleasedSequence = expected - 1;
        lastReleasedTimestamp = (packet.timestamp() - defaultPacketTimestampUnits) & 0xFFFFFFFFL;
        gapOpenSinceNanos = -1;
    }

    /** The extended sequence number closest to what is expected next. */
    private long extend(int sequenceNumber) {
        int delta = (short) (sequenceNumber - (int) (expected & 0xFFFF));
        return expected + delta;
    }

    private long earliestArrival() {
        long earliest = Long.MAX_VALUE;
        for (Arrival arrival : waiting.values()) {
            earliest = Math.min(earliest, arrival.arrivalNanos());
        }
        return earliest;
    }

    private long estimatedPacketDuration(long headSequence, RtpPacket headPacket) {
        long packets = headSequence - lastReleasedSequence;
        long span = timestampSpan(lastReleasedTimestamp, headPacket.timestamp());
        long perPacket = packets > 0 ? span / packets : 0;
        return perPacket > 0 && perPacket <= 6 * defaultPacketTimestampUnits ? perPacket : defaultPacketTimestampUnits;
    }

    /** Forward distance between two 32-bit timestamps. */
    private static long timestampSpan(long from, long to) {
        return (to - from) & 0xFFFFFFFFL;
    }

    private void remember(long sequence, boolean played) {
        recent[(int) Math.floorMod(sequence, (long) RECENT)] = played ? sequence + 1 : -(sequence + 1);
    }
}
