package dev.parley.conversation.bench;

import dev.parley.conversation.AgentAudioOutput;
import dev.parley.conversation.Clock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the RTP bridge on real time: a 20 ms tick sends what is queued. The first frame of
 * a reply leaves on the next tick, as with the bridge; after that it sends {@code framesPerTick}
 * frames per tick, so replies play faster than real time and a benchmark of many turns stays short.
 */
final class RealTimeOutput implements AgentAudioOutput, AutoCloseable {

    private static final int FRAME = 320;

    private final Clock clock;
    private final int framesPerTick;
    private final Deque<AgentAudioChunk> queue = new ArrayDeque<>();
    private final ScheduledFuture<?> ticks;
    private int headOffset;
    private boolean paused;
    private volatile PlaybackListener listener;

    RealTimeOutput(Clock clock, ScheduledExecutorService scheduler, int framesPerTick) {
        this.clock = clock;
        this.framesPerTick = framesPerTick;
        this.ticks = scheduler.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void enqueue(AgentAudioChunk chunk) {
        queue.addLast(chunk);
    }

    @Override
    public synchronized int flush() {
        long samples = -headOffset;
        for (AgentAudioChunk c : queue) {
            samples += c.pcm().length;
        }
        queue.clear();
        headOffset = 0;
        paused = false;
        return (int) ((samples + FRAME - 1) / FRAME);
    }

    @Override
    public synchronized int pause() {
        paused = true;
        long samples = -headOffset;
        for (AgentAudioChunk c : queue) {
            samples += c.pcm().length;
        }
        return (int) ((samples + FRAME - 1) / FRAME);
    }

    @Override
    public synchronized void resume() {
        paused = false;
    }

    @Override
    public void setPlaybackListener(PlaybackListener listener) {
        this.listener = listener;
    }

    private void tick() {
        long generation;
        java.util.List<int[]> perChunk = new java.util.ArrayList<>(2); // {chunk, samples}
        synchronized (this) {
            if (queue.isEmpty() || paused) {
                return;
            }
            generation = queue.peekFirst().generation();
            int budget = FRAME * framesPerTick;
            int sent = 0;
            while (sent < budget && !queue.isEmpty() && queue.peekFirst().generation() == generation) {
                AgentAudioChunk head = queue.peekFirst();
                short[] pcm = head.pcm();
                int n = Math.min(budget - sent, pcm.length - headOffset);
                sent += n;
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
        }
        for (int[] piece : perChunk) {
            listener.onPlayed(generation, piece[0], piece[1], clock.nanoTime());
        }
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
