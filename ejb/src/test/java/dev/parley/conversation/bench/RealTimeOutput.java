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
        return (int) ((samples + FRAME - 1) / FRAME);
    }

    @Override
    public void setPlaybackListener(PlaybackListener listener) {
        this.listener = listener;
    }

    private void tick() {
        long generation;
        int sent = 0;
        synchronized (this) {
            if (queue.isEmpty()) {
                return;
            }
            generation = queue.peekFirst().generation();
            int budget = FRAME * framesPerTick;
            while (sent < budget && !queue.isEmpty() && queue.peekFirst().generation() == generation) {
                short[] pcm = queue.peekFirst().pcm();
                int n = Math.min(budget - sent, pcm.length - headOffset);
                sent += n;
                headOffset += n;
                if (headOffset == pcm.length) {
                    queue.removeFirst();
                    headOffset = 0;
                }
            }
        }
        listener.onPlayed(generation, sent, clock.nanoTime());
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
