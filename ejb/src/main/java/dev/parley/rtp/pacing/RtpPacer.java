package dev.parley.rtp.pacing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's outgoing audio queue, cut into 20 ms frames and released one per packet time.
 *
 * <p>Drift-free: frame k of a talkspurt is due at {@code start + k * 20 ms}, computed from the
 * talkspurt's start, never from the previous wake-up, so scheduling jitter does not accumulate.
 * A sender that wakes late gets the frames it missed at once (a short burst the far side's
 * jitter buffer absorbs); more than {@code maxBurstPackets} behind, it re-anchors on "now" instead of
 * bursting, and the media clock skips ahead by the lost time so RTP timestamps stay true to time.
 *
 * <p>Audio that does not fill a frame waits as a partial tail for the next chunk (so TTS chunks
 * join without inserted silence) and goes out padded with silence if its time comes first.
 * {@link #flush} drops everything queued at once for barge-in. The sender takes a frame in two
 * steps, {@link #peekDue} then (after encoding) {@link #commit}, so a flush during the encoding
 * drops that frame too, and what the flush reports as sent is exactly what went out.
 *
 * <p>Pure logic with times passed in, so tests run it on a virtual clock; not thread-safe (the
 * bridge guards it with one lock).
 */
public final class RtpPacer {

    public static final int FRAME_SAMPLES_16K = 320;
    public static final long PACKET_NANOS = 20_000_000L;

    private final int maxBurstPackets;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final Map<Long, ChunkProgress> chunks = new LinkedHashMap<>();
    private long nextChunkId = 1;
    private long nextFrameNumber = 1;
    private long nextDueNanos;
    private long nextMediaTime16k;
    private boolean everScheduled;
    /** True while frames follow each other without a gap (no marker needed). */
    private boolean talking;
    private long stalls;

    private static final class Frame {
        final long number;
        final short[] samples = new short[FRAME_SAMPLES_16K];
        int filled;
        /** Due and handed out for encoding: no more samples may join it. */
        boolean sealed;

        Frame(long number) {
            this.number = number;
        }
        final List<PacedFrame.Piece> pieces = new ArrayList<>(2);
    }

    private static final class ChunkProgress {
        final int total;
        int sent;

        ChunkProgress(int total) {
            this.total = total;
        }
    }

    /** @param maxBurstPackets how many overdue frames a late wake-up may still send at once (e.g. 3) */
    public RtpPacer(int maxBurstPackets) {
        if (maxBurstPackets < 1) {
            throw new IllegalArgumentException("maxBurstPackets must be at least 1, got " + maxBurstPackets);
        }
        this.maxBurstPackets = maxBurstPackets;
    }

    /** Queues 16 kHz mono audio; returns its chunk id for playout reports. */
    public long enqueue(short[] pcm16k, long nowNanos) {
        if (pcm16k.length == 0) {
            throw new IllegalArgumentException("cannot queue an empty chunk");
        }
        long id = nextChunkId++;
        chunks.put(id, new ChunkProgress(pcm16k.length));
        if (queue.isEmpty()) {
            startTalkspurtIfIdle(nowNanos);
        }
        int offset = 0;
        while (offset < pcm16k.length) {
            Frame tail = queue.peekLast();
            if (tail == null || tail.filled == FRAME_SAMPLES_16K || tail.sealed) {
                tail = new Frame(nextFrameNumber++);
                queue.addLast(tail);
            }
            int n = Math.min(FRAME_SAMPLES_16K - tail.filled, pcm16k.length - offset);
            System.arraycopy(pcm16k, offset, tail.samples, tail.filled, n);
            tail.filled += n;
            offset += n;
            tail.pieces.add(new PacedFrame.Piece(id, n, offset == n, offset == pcm16k.length));
        }
        return id;
    }

    /** Frames due at {@code nowNanos}, oldest first, each committed at once; empty if none. */
    public List<PacedFrame> due(long nowNanos) {
        List<PacedFrame> out = new ArrayList<>(2);
        for (PacedFrame frame = peekDue(nowNanos); frame != null; frame = peekDue(nowNanos)) {
            commit(frame);
            out.add(frame);
        }
        return out;
    }

    /**
     * The frame due at {@code nowNanos} without taking it off the queue, or {@code null}. It is
     * sealed: later audio starts a new frame, so what the caller encodes is what {@link #commit}
     * sends. A {@link #flush} before the commit drops it like everything else.
     */
    public PacedFrame peekDue(long nowNanos) {
        if (queue.isEmpty() || nowNanos < nextDueNanos) {
            return null;
        }
        long behind = (nowNanos - nextDueNanos) / PACKET_NANOS;
        if (behind >= maxBurstPackets) {
            // Too far behind (a long GC pause, a starved machine): skip the lost time instead of a burst.
            nextMediaTime16k += behind * FRAME_SAMPLES_16K;
            nextDueNanos += behind * PACKET_NANOS;
            talking = false;
            stalls++;
        }
        Frame frame = queue.peekFirst();
        frame.sealed = true;
        return new PacedFrame(frame.number, frame.samples, nextDueNanos, nextMediaTime16k, !talking, List.copyOf(frame.pieces));
    }

    /**
     * Takes {@code frame} (from {@link #peekDue}) off the queue as sent. False if a flush dropped it
     * meanwhile: then it must not go out.
     */
    public boolean commit(PacedFrame frame) {
        Frame head = queue.peekFirst();
        if (head == null || head.number != frame.frameNumber()) {
            return false;
        }
        queue.pollFirst();
        for (PacedFrame.Piece piece : head.pieces) {
            ChunkProgress progress = chunks.get(piece.chunkId());
            progress.sent += piece.samples();
            if (progress.sent == progress.total) {
                chunks.remove(piece.chunkId());
            }
        }
        talking = true;
        nextDueNanos += PACKET_NANOS;
        nextMediaTime16k += FRAME_SAMPLES_16K;
        return true;
    }

    /** When the next frame is due; {@link Long#MAX_VALUE} when nothing is queued. */
    public long nextDueNanos() {
        return queue.isEmpty() ? Long.MAX_VALUE : nextDueNanos;
    }

    /** Times the sender fell {@code maxBurstPackets} or more behind and the schedule skipped ahead. */
    public long stallCount() {
        return stalls;
    }

    /** Frames waiting. */
    public int queuedFrames() {
        return queue.size();
    }

    /** Drops everything queued. The frame being sent right now (if any) is already out of the queue. */
    public FlushReport flush() {
        int frames = queue.size();
        long samples = 0;
        for (Frame frame : queue) {
            samples += frame.filled;
        }
        List<FlushReport.CutChunk> cut = new ArrayList<>();
        chunks.forEach((id, progress) -> cut.add(new FlushReport.CutChunk(id, progress.sent, progress.total)));
        queue.clear();
        chunks.clear();
        return new FlushReport(frames, samples, cut);
    }

    /**
     * After silence the next frame goes out now, but never closer than one packet time to the
     * previous one; the media clock advances by the silence in whole frames.
     */
    private void startTalkspurtIfIdle(long nowNanos) {
        if (!everScheduled) {
            everScheduled = true;
            nextDueNanos = nowNanos;
            talking = false;
            return;
        }
        if (nowNanos > nextDueNanos) {
            long silentFrames = (nowNanos - nextDueNanos) / PACKET_NANOS + 1;
            nextMediaTime16k += silentFrames * FRAME_SAMPLES_16K;
            nextDueNanos = nowNanos;
            talking = false;
        }
        // else: the previous frame went out less than a packet time ago; keep its cadence.
    }
}
