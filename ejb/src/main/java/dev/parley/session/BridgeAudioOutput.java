package dev.parley.session;

import dev.parley.conversation.AgentAudioOutput;
import dev.parley.rtp.PlayoutListener;
import dev.parley.rtp.RtpAudioBridge;
import dev.parley.rtp.pacing.FlushReport;

import java.util.HashMap;
import java.util.Map;

/**
 * The conversation engine's audio output over an {@link RtpAudioBridge}: queued speech goes to the
 * bridge's paced sender, a flush drops it at once, and what actually left the bridge is reported
 * back to the engine by reply generation.
 *
 * <p>The bridge reports per chunk (first packet out, last packet out); the engine counts samples.
 * A chunk's first packet is reported as up to one packet's worth of samples (so "first audio out"
 * is timed by the real packet) and the rest when its last packet goes; a flush reports the exact
 * samples sent of the chunk it cut, so the engine knows what the user heard.
 *
 * <p>Threads: {@link #enqueue} and {@link #flush} come from the engine's lane, playout reports from
 * the bridge's send thread; one lock covers the chunk table (held for a map update only).
 */
final class BridgeAudioOutput implements AgentAudioOutput, PlayoutListener {

    private static final int PACKET_SAMPLES_16K = 320;

    private final Object lock = new Object();
    private final Map<Long, Chunk> chunks = new HashMap<>();
    private volatile RtpAudioBridge bridge;
    private volatile PlaybackListener listener = (generation, samples, sentAt) -> { };

    private static final class Chunk {
        final long generation;
        final int total;
        int reported;

        Chunk(long generation, int total) {
            this.generation = generation;
            this.total = total;
        }
    }

    /** The bridge is opened after this output exists (it needs this as its playout listener). */
    void attach(RtpAudioBridge openedBridge) {
        this.bridge = openedBridge;
    }

    @Override
    public void enqueue(AgentAudioChunk chunk) {
        RtpAudioBridge b = bridge;
        if (b == null || chunk.pcm().length == 0) {
            return;
        }
        synchronized (lock) {
            // Under the lock: the send thread may report this chunk before queueAudio returns its id.
            long id;
            try {
                id = b.queueAudio(chunk.pcm());
            } catch (IllegalStateException closed) {
                return; // the session is ending; its audio has nowhere to go
            }
            chunks.put(id, new Chunk(chunk.generation(), chunk.pcm().length));
        }
    }

    @Override
    public int flush() {
        RtpAudioBridge b = bridge;
        if (b == null) {
            return 0;
        }
        FlushReport report;
        Map<Long, Integer> heard = new HashMap<>();
        synchronized (lock) {
            report = b.flush();
            for (FlushReport.CutChunk cut : report.cutChunks()) {
                Chunk c = chunks.get(cut.chunkId());
                if (c != null && cut.samplesSent() > c.reported) {
                    heard.merge(c.generation, cut.samplesSent() - c.reported, Integer::sum);
                    c.reported = cut.samplesSent();
                }
            }
            chunks.clear();
        }
        long now = System.nanoTime();
        heard.forEach((generation, samples) -> listener.onPlayed(generation, samples, now));
        return report.droppedFrames();
    }

    @Override
    public void setPlaybackListener(PlaybackListener playbackListener) {
        this.listener = playbackListener;
    }

    @Override
    public void chunkStarted(long chunkId, long monotonicNanos) {
        long generation;
        int samples;
        synchronized (lock) {
            Chunk c = chunks.get(chunkId);
            if (c == null) {
                return;
            }
            samples = Math.min(PACKET_SAMPLES_16K, c.total);
            c.reported = samples;
            generation = c.generation;
        }
        listener.onPlayed(generation, samples, monotonicNanos);
    }

    @Override
    public void chunkFinished(long chunkId, long monotonicNanos) {
        long generation;
        int samples;
        synchronized (lock) {
            Chunk c = chunks.remove(chunkId);
            if (c == null) {
                return;
            }
            samples = c.total - c.reported;
            generation = c.generation;
        }
        if (samples > 0) {
            listener.onPlayed(generation, samples, monotonicNanos);
        }
    }
}
