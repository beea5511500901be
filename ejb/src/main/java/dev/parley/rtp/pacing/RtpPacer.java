package dev.parley.rtp.pacing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * {@link #flush} drops everything queued at once for barge-in; {@link #pause} keeps it but lets
 * nothing of it out until {@link #resume}, which continues from the first frame not sent. The
 * sender takes a frame in two steps, {@link #peekDue} then (after encoding) {@link #commit}, so a
 * flush or pause during the encoding stops that frame too: after either returns, none of the
 * queued audio goes out (a paused continuous pacer sends silence in its place).
 *
 * <p>The pacer is the one ledger of the agent's audio: every queued piece keeps the
 * {@link AudioTag} it was queued with, each frame names the tagged pieces it carries
 * ({@link PacedFrame#pieces()}), and a flush or pause names by tag what did not go out. It counts
 * nothing about what did go out: the sender reports each frame it sends.
 *
 * <p>A continuous pacer ({@link #RtpPacer(int, boolean)}) never lets the stream pause: from the
 * first {@link #peekDue} on, every packet time with nothing queued gets a frame of silence (empty
 * {@link PacedFrame#pieces()}), as a telephone or a browser sends while its user is quiet. Why:
 * a stream that stops between answers makes every answer a new talkspurt, which the far side's
 * jitter buffer (Chromium's NetEq, behind the media server) bridges with seconds of concealment and
 * then has to re-adapt to; with silence in between the answer joins a running stream at the next
 * packet time, and a pause is silence on the same running stream (same sequence, timestamps
 * running on, no new talkspurt), so the far side's jitter buffer does not re-adapt when it resumes.
 * Silence belongs to no tag: it never shows in a {@link QueuedAudio} or a {@link PacedFrame.Piece},
 * and a flush leaves it running.
 *
 * <p>Pure logic with times passed in, so tests run it on a virtual clock; not thread-safe (the
 * bridge guards it with one lock).
 */
public final class RtpPacer {

    public static final int FRAME_SAMPLES_16K = 320;
    public static final long PACKET_NANOS = 20_000_000L;

    /** The frame number of silence, which no queued frame has (they count from 1). */
    static final long SILENCE_FRAME = 0;

    private final int maxBurstPackets;
    private final boolean continuous;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long nextFrameNumber = 1;
    private long nextDueNanos;
    private long nextMediaTime16k;
    private boolean everScheduled;
    /** True while frames follow each other without a gap (no marker needed). */
    private boolean talking;
    private boolean paused;
    private long stalls;

    private static final class Frame {
        final long number;
        final short[] samples = new short[FRAME_SAMPLES_16K];
        final List<PacedFrame.Piece> pieces = new ArrayList<>(2);
        int filled;
        /** Handed out for encoding: no more samples may join it, so what was encoded is what goes out. */
        boolean sealed;

        Frame(long number) {
            this.number = number;
        }

        void add(AudioTag tag, int samples) {
            int last = pieces.size() - 1;
            if (last >= 0 && pieces.get(last).tag().equals(tag)) {
                pieces.set(last, new PacedFrame.Piece(tag, pieces.get(last).samples() + samples));
            } else {
                pieces.add(new PacedFrame.Piece(tag, samples));
            }
        }
    }

    /** A pacer in talkspurts: nothing goes out while nothing is queued. */
    public RtpPacer(int maxBurstPackets) {
        this(maxBurstPackets, false);
    }

    /**
     * @param maxBurstPackets how many overdue frames a late wake-up may still send at once (e.g. 3)
     * @param continuous      silence frames fill every packet time with nothing queued, from the first {@link #peekDue} on
     */
    public RtpPacer(int maxBurstPackets, boolean continuous) {
        if (maxBurstPackets < 1) {
            throw new IllegalArgumentException("maxBurstPackets must be at least 1, got " + maxBurstPackets);
        }
        this.maxBurstPackets = maxBurstPackets;
        this.continuous = continuous;
    }

    /** Queues 16 kHz mono audio under {@code tag}, behind everything queued (held audio too). */
    public void enqueue(AudioTag tag, short[] pcm16k, long nowNanos) {
        Objects.requireNonNull(tag, "tag");
        if (pcm16k.length == 0) {
            throw new IllegalArgumentException("cannot queue an empty chunk");
        }
        if (queue.isEmpty() && !paused) {
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
            tail.add(tag, n);
        }
    }

    /** Frames due at {@code nowNanos}, oldest first, each committed at once; empty if none. */
    public List<PacedFrame> due(long nowNanos) {
        List<PacedFrame> out = new ArrayList<>(2);
        for (PacedFrame frame = peekDue(nowNanos); frame != null; frame = peekDue(nowNanos)) {
            if (!commit(frame)) {
                break;
            }
            out.add(frame);
        }
        return out;
    }

    /**
     * The frame due at {@code nowNanos} without taking it off the queue, or {@code null}. It is
     * sealed: later audio starts a new frame, so what the caller encodes is what {@link #commit}
     * sends. A {@link #flush} or {@link #pause} before the commit stops it like everything else.
     */
    public PacedFrame peekDue(long nowNanos) {
        if (continuous && !everScheduled) {
            everScheduled = true;
            nextDueNanos = nowNanos;
            talking = false;
        }
        if ((holdingNothingToSend() && !continuous) || nowNanos < nextDueNanos) {
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
        Frame frame = paused ? null : queue.peekFirst();
        if (frame == null) {
            return new PacedFrame(SILENCE_FRAME, new short[FRAME_SAMPLES_16K], nextDueNanos, nextMediaTime16k, !talking, List.of());
        }
        frame.sealed = true;
        return new PacedFrame(frame.number, frame.samples, nextDueNanos, nextMediaTime16k, !talking, List.copyOf(frame.pieces));
    }

    private boolean holdingNothingToSend() {
        return queue.isEmpty() || paused;
    }

    /**
     * Takes {@code frame} (from {@link #peekDue}) off the queue as sent. False if a flush dropped it
     * or a pause holds it meanwhile: then it must not go out (the caller asks again and gets the
     * silence that takes its place). Silence is never dropped (a flush does not stop the stream);
     * audio queued while it was out for encoding goes in the packet time after it.
     */
    public boolean commit(PacedFrame frame) {
        if (frame.silence()) {
            if (frame.scheduledNanos() != nextDueNanos || frame.mediaTime16k() != nextMediaTime16k) {
                return false; // not the frame due now: another commit or a stall moved the schedule
            }
            advance();
            return true;
        }
        Frame head = queue.peekFirst();
        if (paused || head == null || head.number != frame.frameNumber()) {
            return false;
        }
        queue.pollFirst();
        advance();
        return true;
    }

    private void advance() {
        talking = true;
        nextDueNanos += PACKET_NANOS;
        nextMediaTime16k += FRAME_SAMPLES_16K;
    }

    /**
     * When the next frame is due; {@link Long#MAX_VALUE} when a talkspurt pacer has nothing to send
     * (nothing queued, or paused). A continuous pacer always has one due.
     */
    public long nextDueNanos() {
        return holdingNothingToSend() && !continuous ? Long.MAX_VALUE : nextDueNanos;
    }

    /** Times the sender fell {@code maxBurstPackets} or more behind and the schedule skipped ahead. */
    public long stallCount() {
        return stalls;
    }

    /** Frames waiting (held ones included). */
    public int queuedFrames() {
        return queue.size();
    }

    public boolean paused() {
        return paused;
    }

    /**
     * Holds everything queued from the next packet time on: nothing of it goes out (a frame handed
     * out for encoding included) until {@link #resume}; a continuous pacer sends silence meanwhile.
     * Audio queued while paused waits behind the held audio. A second call changes nothing.
     *
     * @return what is held, by tag
     */
    public QueuedAudio pause() {
        paused = true;
        return queued();
    }

    /**
     * Lets the held audio out again from its first frame not sent, at the next packet time (on a
     * continuous stream: the next slot of the running schedule, no new talkspurt). Does nothing
     * when not paused.
     */
    public void resume(long nowNanos) {
        if (!paused) {
            return;
        }
        paused = false;
        if (!queue.isEmpty()) {
            startTalkspurtIfIdle(nowNanos);
        }
    }

    /** Drops everything queued, held audio included, and ends a pause. A frame already committed has gone out. */
    public QueuedAudio flush() {
        QueuedAudio dropped = queued();
        queue.clear();
        paused = false;
        return dropped;
    }

    private QueuedAudio queued() {
        long samples = 0;
        Map<AudioTag, Integer> byTag = new LinkedHashMap<>();
        for (Frame frame : queue) {
            samples += frame.filled;
            for (PacedFrame.Piece piece : frame.pieces) {
                byTag.merge(piece.tag(), piece.samples(), Integer::sum);
            }
        }
        List<QueuedAudio.Tagged> tagged = new ArrayList<>(byTag.size());
        byTag.forEach((tag, n) -> tagged.add(new QueuedAudio.Tagged(tag, n)));
        return new QueuedAudio(queue.size(), samples, tagged);
    }

    /**
     * After silence the next frame goes out now, but never closer than one packet time to the
     * previous one; the media clock advances by the silence in whole frames.
     */
    private void startTalkspurtIfIdle(long nowNanos) {
        if (continuous && everScheduled) {
            return; // the stream runs on silence: the audio takes the next packet time
        }
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
