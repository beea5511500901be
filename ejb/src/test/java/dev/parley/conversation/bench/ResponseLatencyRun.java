package dev.parley.conversation.bench;

import java.util.Arrays;
import dev.parley.rtp.InboundAudioFrame;
import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.conversation.SerialExecutor;
import dev.parley.conversation.SystemClock;
import dev.parley.conversation.TurnMetrics;
import dev.parley.conversation.rig.Audio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One session on real time, as in production: a system clock, a serial lane over a thread pool,
 * audio fed one 20 ms frame every 20 ms by a "media" thread. Collects every turn's metrics and the
 * engine's own time per frame (VAD on the media thread, decisions on the lane).
 */
final class ResponseLatencyRun {

    private static final int FRAME = 320;
    private static final long FRAME_NANOS = 20_000_000L;

    final List<TurnMetrics> turns = new CopyOnWriteArrayList<>();
    final List<Long> acceptNanos = new ArrayList<>();
    final AtomicLong laneNanos = new AtomicLong();
    final AtomicLong laneTasks = new AtomicLong();
    long frames;
    int asked;

    /** Turns that answered a question without being interrupted. */
    List<TurnMetrics> answeredTurns() {
        return turns.stream().filter(m -> m.responseLatencyMillis() >= 0 && !m.interrupted()).toList();
    }

    private int answered() {
        return answeredTurns().size();
    }

    /**
     * Asks {@code questions} in turn (round after round) until {@code answeredTurns} answers were
     * measured or {@code maxQuestions} were asked; each question waits for the agent to finish.
     */
    void run(ConversationSettings settings, ConversationProviders providers, List<short[]> questions,
             int answeredTurns, int maxQuestions) throws InterruptedException {
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "bench-session");
            t.setDaemon(true);
            return t;
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        ExecutorService pool = Executors.newFixedThreadPool(1, threads);
        try (RealTimeOutput output = new RealTimeOutput(new SystemClock(scheduler), scheduler, 10)) {
            SystemClock clock = new SystemClock(scheduler);
            SerialExecutor serial = new SerialExecutor(pool);
            ConversationEngine engine = new ConversationEngine(settings, providers, output, clock, task -> serial.execute(() -> {
                long t0 = System.nanoTime();
                task.run();
                laneNanos.addAndGet(System.nanoTime() - t0);
                laneTasks.incrementAndGet();
            }), event -> {
                if (event instanceof ConversationEvent.TurnCompleted done) {
                    turns.add(done.metrics());
                }
            });
            engine.start();
            long next = System.nanoTime();
            for (int asked = 0; asked < maxQuestions && answered() < answeredTurns; asked++) {
                int before = turns.size();
                short[] audio = Audio.concat(Audio.silence(300), questions.get(asked % questions.size()));
                next = feed(engine, audio, next, () -> false);
                next = feed(engine, Audio.silence(30_000), next,
                        () -> turns.size() > before && engine.state() == dev.parley.conversation.ConversationState.LISTENING);
                next = feed(engine, Audio.silence(300), next, () -> false);
                this.asked++;
            }
            engine.close();
        } finally {
            scheduler.shutdownNow();
            pool.shutdownNow();
        }
    }

    /** Feeds {@code audio} at real-time pace until it ends or {@code stop} holds; returns the next frame's deadline. */
    private long feed(ConversationEngine engine, short[] audio, long next, java.util.function.BooleanSupplier stop) {
        for (int at = 0; at + FRAME <= audio.length && !stop.getAsBoolean(); at += FRAME) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long t0 = System.nanoTime();
            engine.acceptAudio(new InboundAudioFrame(Arrays.copyOfRange(audio, at, at + FRAME), false, t0));
            acceptNanos.add(System.nanoTime() - t0);
            frames++;
            next += FRAME_NANOS;
        }
        return next;
    }
}
