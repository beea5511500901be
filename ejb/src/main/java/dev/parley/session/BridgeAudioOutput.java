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
    private volatile PlaybackListener listener = (generation, chunk, samples, sentAt) -> { };

    private static final class Chunk {
        final long generation;
        final int textChunk;
        final int total;
        int reported;

        Chunk(long generation, int textChunk, int total) {
            this.generation = generation;
            this.textChunk = textChunk;
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
            chunks.put(id, new Chunk(chunk.generation(), chunk.chunk(), chunk.pcm().length));
        }
    }

    @Override
    public int flush() {
        RtpAudioBridge b = bridge;
        if (b == null) {
            return 0;
        }
        FlushReport report;
        Map<Chunk, Integer> heard = new HashMap<>();
        synchronized (lock) {
            report = b.flush();
            for (FlushReport.CutChunk cut : report.cutChunks()) {
                Chunk c = chunks.get(cut.chunkId());
                if (c != null && cut.samplesSent() > c.reported) {
                    heard.merge(c, cut.samplesSent() - c.reported, Integer::sum);
                    c.reported = cut.samplesSent();
                }
            }
            chunks.clear();
        }
        long now = System.nanoTime();
        heard.forEach((c, samples) -> listener.onPlayed(c.generation, c.textChunk, samples, now));
        return report.droppedFrames();
    }

    @Override
    public int pause() {
        throw new UnsupportedOperationException("pause: not yet implemented over the bridge");
    }

    @Override
    public void resume() {
        throw new UnsupportedOperationException("resume: not yet implemented over the bridge");
    }

    @Override
    public void setPlaybackListener(PlaybackListener playbackListener) {
        this.listener = playbackListener;
    }

    @Override
    public void chunkStarted(long chunkId, long monotonicNanos) {
        Chunk c;
        int samples;
        synchronized (lock) {
            c = chunks.get(chunkId);
            if (c == null) {
                return;
            }
            samples = Math.min(PACKET_SAMPLES_16K, c.total);
            c.reported = samples;
        }
        listener.onPlayed(c.generation, c.textChunk, samples, monotonicNanos);
    }

    @Override
    public void chunkFinished(long chunkId, long monotonicNanos) {
        Chunk c;
        int samples;
        synchronized (lock) {
            c = chunks.remove(chunkId);
            if (c == null) {
                return;
            }
            samples = c.total - c.reported;
        }
        if (samples > 0) {
            listener.onPlayed(c.generation, c.textChunk, samples, monotonicNanos);
        }
    }
}
