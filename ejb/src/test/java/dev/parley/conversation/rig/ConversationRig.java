package dev.parley.conversation.rig;

import java.util.Arrays;
import dev.parley.rtp.InboundAudioFrame;
import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.conversation.VirtualClock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A conversation on a virtual clock: the test plays the user's audio 20 ms at a time; after each
 * frame the output sends one frame, and the rig waits (in real time) until the providers have
 * answered everything they owe, so model compute takes no virtual time and runs are reproducible.
 */
public final class ConversationRig implements AutoCloseable {

    public static final int FRAME_SAMPLES = 320;
    private static final long FRAME_NANOS = 20_000_000L;
    private static final long SETTLE_LIMIT_MILLIS = 60_000;

    public final VirtualClock clock = new VirtualClock(1_000_000_000L);
    public final PacedOutput output = new PacedOutput(clock);
    public final ProviderWatch watch = new ProviderWatch();
    public final ConversationEngine engine;
    private final List<ConversationEvent> events = new ArrayList<>();
    private final List<Consumer<ConversationEvent>> hooks = new ArrayList<>();
    private final BooleanSupplier providersIdle;

    public ConversationRig(ConversationSettings settings, ConversationProviders providers) {
        this(settings, providers, () -> true);
    }

    /**
     * @param providersIdle true when providers that work on their own threads without owing a
     *                      callback (a streaming recogniser digesting audio) have caught up
     */
    public ConversationRig(ConversationSettings settings, ConversationProviders providers, BooleanSupplier providersIdle) {
        this.providersIdle = providersIdle;
        ConversationListener recorder = e -> {
            events.add(e);
            for (Consumer<ConversationEvent> hook : List.copyOf(hooks)) {
                hook.accept(e);
            }
        };
        engine = new ConversationEngine(settings, watch.wrap(providers), output, clock, clock, recorder);
        engine.start();
        settle();
    }

    /** Runs {@code hook} on every event, on the lane, as it happens. */
    public void onEvent(Consumer<ConversationEvent> hook) {
        hooks.add(hook);
    }

    /** Plays {@code pcm} (16 kHz mono) as the user's microphone, one 20 ms frame per step. */
    public void say(short[] pcm) {
        say(pcm, frame -> false);
    }

    /** As {@link #say(short[])}, with the frames {@code concealed} picks (by index) delivered as concealed by the bridge. */
    public void say(short[] pcm, java.util.function.IntPredicate concealed) {
        for (int at = 0, index = 0; at < pcm.length; at += FRAME_SAMPLES, index++) {
            short[] frame = new short[FRAME_SAMPLES];
            System.arraycopy(pcm, at, frame, 0, Math.min(FRAME_SAMPLES, pcm.length - at));
            step(frame, concealed.test(index));
        }
    }

    /**
     * Delivers {@code pcm} all at once, without the clock moving: a jitter buffer handing over a
     * backlog in one burst.
     */
    public void burst(short[] pcm) {
        engine.acceptAudio(new InboundAudioFrame(pcm, false, clock.nanoTime()));
        settle();
    }

    /**
     * Hands the engine {@code pcm} now, 20 ms frames stamped as the bridge delivered them, one every
     * 20 ms from {@code firstDeliveredNanos} on: audio that waited between the bridge and the engine
     * (the engine fell behind) reaching it at once.
     */
    public void handOverLate(short[] pcm, long firstDeliveredNanos) {
        long delivered = firstDeliveredNanos;
        for (int at = 0; at < pcm.length; at += FRAME_SAMPLES) {
            short[] frame = Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + FRAME_SAMPLES));
            engine.acceptAudio(new InboundAudioFrame(frame, false, delivered));
            delivered += FRAME_NANOS;
        }
        settle();
    }

    /** The user is silent for {@code millis}. */
    public void silence(long millis) {
        for (long t = 0; t < millis; t += 20) {
            step(new short[FRAME_SAMPLES]);
        }
    }

    /** Plays silence until {@code done} holds or {@code maxMillis} pass; returns the virtual ms spent. */
    public long silenceUntil(BooleanSupplier done, long maxMillis) {
        long t = 0;
        while (!done.getAsBoolean() && t < maxMillis) {
            step(new short[FRAME_SAMPLES]);
            t += 20;
        }
        return t;
    }

    private void step(short[] frame) {
        step(frame, false);
    }

    private void step(short[] frame, boolean concealed) {
        clock.advance(FRAME_NANOS);
        engine.acceptAudio(new InboundAudioFrame(frame, concealed, clock.nanoTime()));
        settle();
        output.tick();
        settle();
    }

    /** Runs queued lane work until no provider owes an answer. */
    public void settle() {
        long deadline = System.nanoTime() + SETTLE_LIMIT_MILLIS * 1_000_000L;
        try {
            while (true) {
                clock.runReady();
                boolean waiting = watch.busy() || (watch.recognising() && !providersIdle.getAsBoolean());
                if (!waiting && !clock.hasReady()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("providers did not answer within " + SETTLE_LIMIT_MILLIS + " ms: " + watch.describeOpen());
                }
                if (!clock.hasReady()) {
                    if (watch.busy()) {
                        watch.awaitChange(20);
                    } else {
                        Thread.sleep(1);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for providers", e);
        }
    }

    public List<ConversationEvent> events() {
        return List.copyOf(events);
    }

    public <T extends ConversationEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public long nowMillis() {
        return clock.nanoTime() / 1_000_000L;
    }

    @Override
    public void close() {
        engine.close();
        settle();
    }
}
