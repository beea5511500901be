package dev.parley.warmup;

import dev.parley.conversation.AgentAudioOutput;
import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.conversation.SerialExecutor;
import dev.parley.conversation.SessionEndCause;
import dev.parley.conversation.SystemClock;
import dev.parley.conversation.TurnMetrics;
import dev.parley.rtp.InboundAudioFrame;
import dev.parley.rtp.codec.OpusAudioDecoder;
import dev.parley.rtp.codec.OpusAudioEncoder;
import dev.parley.rtp.codec.PolyphaseResampler;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One turn of a call without a caller: a {@link ConversationEngine} like a session's (its settings,
 * providers, lanes and timers) hears a spoken question, paced in real time and carried through the
 * Opus codec as the RTP bridge would, answers it, and its answer is Opus-encoded as if sent.
 *
 * <p>Why a whole turn and not only the providers: measured under {@code ./parley run} with every
 * model loaded beforehand, the first call still answered 155 ms later than the next ones (505 vs
 * 271-308 ms), all of it between the first token and the first synthesized audio, where later calls
 * had the reply prepared during the user's pause already. What was cold was Java: the engine's reply
 * path, the classes and the interpreted code of the pure-Java Opus encoder (6.5 ms per frame for the
 * first 25 frames, 0.6 ms once compiled), the recognizer's pause path. Only a turn runs all of it.
 */
public final class RehearsalTurn {

    private static final int SAMPLE_RATE = 16_000;
    private static final int FRAME = SAMPLE_RATE / 50;
    private static final long FRAME_NANOS = 20_000_000L;
    /** Silence said before the question, and after it: longer than the engine waits for an unfinished sentence. */
    private static final int LEAD_MILLIS = 300;
    private static final int TRAIL_MILLIS = 2_500;
    /** The caller's side stands in for a browser's Opus encoder (Chromium sends about 32 kbit/s of voice). */
    private static final int CALLER_OPUS_BITRATE = 32_000;
    private static final int CALLER_OPUS_COMPLEXITY = 5;

    private final ConversationSettings settings;
    private final ConversationProviders providers;
    private final Executor lanes;
    private final ScheduledExecutorService timers;
    private final int opusBitrate;
    private final int opusComplexity;

    public RehearsalTurn(ConversationSettings settings, ConversationProviders providers, Executor lanes,
            ScheduledExecutorService timers, int opusBitrate, int opusComplexity) {
        this.settings = settings;
        this.providers = providers;
        this.lanes = lanes;
        this.timers = timers;
        this.opusBitrate = opusBitrate;
        this.opusComplexity = opusComplexity;
    }

    /**
     * Says {@code question} (16 kHz mono) to a new engine and waits for its answered turn; the
     * engine is ended on every path.
     *
     * @return the turn's timings, as a session would have recorded them
     * @throws WarmUpException if the turn is not answered within {@code timeout} or a provider fails
     */
    public TurnMetrics run(short[] question, Duration timeout) throws WarmUpException, InterruptedException {
        CompletableFuture<TurnMetrics> answered = new CompletableFuture<>();
        ConversationEngine engine = new ConversationEngine(settings, providers, new EncodingOutput(opusBitrate, opusComplexity),
                new SystemClock(timers), new SerialExecutor(lanes), event -> {
                    if (event instanceof ConversationEvent.TurnCompleted completed && completed.metrics().responseLatencyMillis() >= 0) {
                        answered.complete(completed.metrics());
                    } else if (event instanceof ConversationEvent.ProviderFailed failed) {
                        answered.completeExceptionally(new WarmUpException(failed.provider() + " failed: " + failed.message(), null));
                    } else if (event instanceof ConversationEvent.SessionEnded ended) {
                        answered.completeExceptionally(new WarmUpException("the rehearsal ended early: " + ended.detail(), null));
                    }
                });
        try {
            engine.start();
            speak(engine, question, answered);
            return answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof WarmUpException w ? w : new WarmUpException("turn failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new WarmUpException("the rehearsed turn was not answered within " + timeout.toSeconds() + " s", e);
        } finally {
            engine.end(SessionEndCause.HANG_UP, "the rehearsal is over");
        }
    }

    /** The question between silences, one 20 ms frame at a time, through Opus both ways, in real time. */
    private static void speak(ConversationEngine engine, short[] question, CompletableFuture<?> answered) throws InterruptedException {
        short[] said = new short[(LEAD_MILLIS + TRAIL_MILLIS) * SAMPLE_RATE / 1000 + question.length];
        System.arraycopy(question, 0, said, LEAD_MILLIS * SAMPLE_RATE / 1000, question.length);
        OpusAudioEncoder encoder = new OpusAudioEncoder(CALLER_OPUS_BITRATE, CALLER_OPUS_COMPLEXITY);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        PolyphaseResampler up = new PolyphaseResampler(SAMPLE_RATE, encoder.sampleRate());
        PolyphaseResampler down = new PolyphaseResampler(decoder.sampleRate(), SAMPLE_RATE);
        long next = System.nanoTime();
        for (int at = 0; at + FRAME <= said.length && !answered.isDone(); at += FRAME) {
            short[] wide = up.process(Arrays.copyOfRange(said, at, at + FRAME));
            if (wide.length == encoder.frameSamples()) {
                engine.acceptAudio(new InboundAudioFrame(down.process(decoder.decode(encoder.encode(wide))), false, System.nanoTime()));
            }
            next += FRAME_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Encodes the agent's audio as the bridge would (Opus, 20 ms frames) and reports it
     * sent at once: nothing waits for a clock, so pause and flush find nothing left to hold.
     */
    private static final class EncodingOutput implements AgentAudioOutput {
        private final PolyphaseResampler up;
        private final OpusAudioEncoder encoder;
        private volatile PlaybackListener listener;
        private short[] pending = new short[0];

        EncodingOutput(int bitrate, int complexity) {
            encoder = new OpusAudioEncoder(bitrate, complexity);
            up = new PolyphaseResampler(SAMPLE_RATE, encoder.sampleRate());
        }

        @Override
        public synchronized void enqueue(AgentAudioChunk chunk) {
            short[] wide = up.process(chunk.pcm());
            short[] all = Arrays.copyOf(pending, pending.length + wide.length);
            System.arraycopy(wide, 0, all, pending.length, wide.length);
            int frame = encoder.frameSamples();
            int at = 0;
            for (; at + frame <= all.length; at += frame) {
                encoder.encode(Arrays.copyOfRange(all, at, at + frame));
            }
            pending = Arrays.copyOfRange(all, at, all.length);
            PlaybackListener l = listener;
            if (l != null) {
                l.onPlayed(chunk.generation(), chunk.chunk(), chunk.pcm().length, System.nanoTime());
            }
        }

        @Override
        public int flush() {
            return 0;
        }

        @Override
        public int pause() {
            return 0;
        }

        @Override
        public void resume() {
            // nothing is ever held
        }

        @Override
        public void setPlaybackListener(PlaybackListener listener) {
            this.listener = listener;
        }
    }
}
