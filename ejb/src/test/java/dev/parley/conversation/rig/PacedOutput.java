package dev.parley.conversation.rig;

import dev.parley.conversation.AgentAudioOutput;
import dev.parley.conversation.Clock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Stands in for the RTP bridge: sends one 20 ms frame per {@link #tick()}, reports it as played
 * (per text chunk), holds everything while paused, drops everything queued on flush, and remembers
 * which reply each sent frame belonged to.
 */
public final class PacedOutput implements AgentAudioOutput {

    public static final int FRAME_SAMPLES = 320;

    /** One 20 ms frame that left for the user. */
    public record SentFrame(long generation, long atNanos, short[] pcm) {
    }

    private final Clock clock;
    private final Deque<AgentAudioChunk> queue = new ArrayDeque<>();
    private final List<SentFrame> sent = new ArrayList<>();
    private final List<SentFrame> enqueued = new ArrayList<>();
    private int headOffset;
    private int flushes;
    private boolean paused;
    private PlaybackListener listener;

    public PacedOutput(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void enqueue(AgentAudioChunk chunk) {
        queue.addLast(chunk);
        enqueued.add(new SentFrame(chunk.generation(), clock.nanoTime(), chunk.pcm()));
    }

    @Override
    public synchronized int flush() {
        long samples = -headOffset;
        for (AgentAudioChunk c : queue) {
            samples += c.pcm().length;
        }
        queue.clear();
        headOffset = 0;
        flushes++;
        paused = false;
        return (int) ((samples + FRAME_SAMPLES - 1) / FRAME_SAMPLES);
    }

    @Override
    public synchronized int pause() {
        paused = true;
        long samples = -headOffset;
        for (AgentAudioChunk c : queue) {
            samples += c.pcm().length;
        }
        return (int) ((samples + FRAME_SAMPLES - 1) / FRAME_SAMPLES);
    }

    @Override
    public synchronized void resume() {
        paused = false;
    }

    public synchronized boolean paused() {
        return paused;
    }

    @Override
    public synchronized void setPlaybackListener(PlaybackListener listener) {
        this.listener = listener;
    }

    /** Sends the next frame, if any and not paused (it may span two chunks of the same reply). */
    public void tick() {
        long generation;
        int taken = 0;
        short[] frame = new short[FRAME_SAMPLES];
        List<int[]> perChunk = new ArrayList<>(2); // {chunk, samples}
        synchronized (this) {
            if (queue.isEmpty() || paused) {
                return;
            }
            generation = queue.peekFirst().generation();
            while (taken < FRAME_SAMPLES && !queue.isEmpty() && queue.peekFirst().generation() == generation) {
                AgentAudioChunk head = queue.peekFirst();
                short[] pcm = head.pcm();
                int n = Math.min(FRAME_SAMPLES - taken, pcm.length - headOffset);
                System.arraycopy(pcm, headOffset, frame, taken, n);
                taken += n;
                headOffset += n;
                if (!perChunk.isEmpty() && perChunk.get(perChunk.size() - 1)[0] == head.chunk()) {
                    perChunk.get(perChunk.size() - 1)[1] += n;
                } else {
                    perChunk.add(new int[] {head.chunk(), n});
                }
                if (headOffset == pcm.length) {
                    queue.removeFirst();
                    headOffset = 0;
                }
            }
            sent.add(new SentFrame(generation, clock.nanoTime(), frame));
        }
        for (int[] piece : perChunk) {
            listener.onPlayed(generation, piece[0], piece[1], clock.nanoTime());
        }
    }

    public synchronized List<SentFrame> sent() {
        return List.copyOf(sent);
    }

    /** Every chunk handed to the output, with the time it was queued. */
    public synchronized List<SentFrame> enqueued() {
        return List.copyOf(enqueued);
    }

    public synchronized boolean idle() {
        return queue.isEmpty();
    }

    public synchronized int flushes() {
        return flushes;
    }
}
