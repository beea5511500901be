package dev.parley.conversation;

import dev.parley.conversation.ConversationEvent.AgentInterrupted;
import dev.parley.conversation.ConversationEvent.AgentResumed;
import dev.parley.conversation.ConversationEvent.AgentText;
import dev.parley.conversation.ConversationEvent.FinalTranscript;
import dev.parley.conversation.ConversationEvent.PartialTranscript;
import dev.parley.conversation.ConversationEvent.ProviderFailed;
import dev.parley.conversation.ConversationEvent.SessionEnded;
import dev.parley.conversation.ConversationEvent.StateChanged;
import dev.parley.conversation.ConversationEvent.TurnCompleted;
import dev.parley.conversation.ConversationEvent.UserSpeechStarted;
import dev.parley.conversation.ConversationEvent.UserSpeechStopped;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.VoiceActivityDetector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's conversation: hears the user's 16 kHz mono PCM, decides who holds the floor, and
 * speaks the agent's replies into an {@link AgentAudioOutput}. This class is where turn-taking lives;
 * the decisions it delegates are small policies ({@link VadGate}, {@link EndpointingPolicy},
 * {@link InterruptionPolicy}) and a reply's production is an {@link AgentReply}.
 *
 * <p>Threads. {@link #acceptAudio} runs the VAD on the caller's (media) thread and hands each frame
 * to the session's <em>lane</em>, a serial executor; every state change happens there, and provider
 * callbacks and timeouts hop there too, so nothing here needs a lock. Model work (STT, LLM, TTS)
 * runs on the providers' own threads and never blocks the lane.
 *
 * <p>One turn: speech started → frames (with pre-roll) to STT → VAD silence of the endpointing length
 * → STT finished → final transcript → LLM → speakable chunks → TTS → output. While the agent holds
 * the floor, user speech is judged by the {@link InterruptionPolicy}: a barge-in flushes the output
 * and cancels the reply; if the interrupting speech yields no words, the reply resumes after the
 * false-interruption timeout from the first word the user did not hear.
 *
 * <p>Spoken on request ({@link #say}, e.g. an administrator): the text is an agent turn like any
 * other (barge-in-able, in the dialog history, in the events), but it never cuts anyone off: it
 * waits until the floor is free, i.e. after the agent's current answer and after the user's
 * current turn (and the answer to it).
 */
public final class ConversationEngine implements AutoCloseable {

    /** Texts {@link #say} keeps waiting for the floor at most. */
    public static final int MAX_PENDING_SAYS = 16;

    private static final int SAMPLE_RATE = 16_000;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final ConversationSettings settings;
    private final ConversationProviders providers;
    private final AgentAudioOutput output;
    private final Clock clock;
    private final Executor lane;
    private final ConversationListener listener;

    // Audio side: owned by the thread that calls acceptAudio, guarded against a concurrent close.
    private final Object audioLock = new Object();
    private final FrameSlicer slicer;
    private final long vadFrameNanos;
    private VoiceActivityDetector.Stream vadStream;
    private long audioTimeNanos = Long.MIN_VALUE;
    private volatile boolean closed;

    // Everything below is touched on the lane only.
    private final VadGate gate;
    private final PreRollBuffer preRoll;
    private final EndpointingPolicy endpointing;
    private final InterruptionPolicy interruption;
    private final List<ChatMessage> history = new ArrayList<>();
    private volatile List<ChatMessage> historySnapshot = List.of();
    private volatile ConversationState state = ConversationState.LISTENING;

    private SpeechRecognizer.Utterance utterance;
    private long utteranceId;
    private long utteranceStartNanos;
    private boolean utteranceOverAgent;
    private SpeechRecognizer.Utterance finishing;
    private long finishingId;
    private String partialText = "";
    private final StringBuilder userTurnText = new StringBuilder();
    private long userSpeechEndNanos = TurnMetrics.NOT_REACHED;
    private long endpointNanos = TurnMetrics.NOT_REACHED;

    private AgentReply reply;
    private long generations;
    private int turns;
    private TurnTimings timings;
    private InterruptedReply interrupted;

    private final Deque<String> says = new ArrayDeque<>();
    private final AtomicInteger saysWaiting = new AtomicInteger();

    private Cancellable endpointTimer;
    private Cancellable resumeTimer;
    private Cancellable idleTimer;
    private Cancellable sessionTimer;
    private boolean idlePrompted;
    private boolean ended;

    /** What remains of a reply the user interrupted, in case the interruption proves false. */
    private record InterruptedReply(String heardText, String fullText, boolean modelComplete, List<ChatMessage> history) {
    }

    public ConversationEngine(ConversationSettings settings, ConversationProviders providers, AgentAudioOutput output,
                              Clock clock, Executor lane, ConversationListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.output = Objects.requireNonNull(output, "output");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lane = Objects.requireNonNull(lane, "lane");
        this.listener = Objects.requireNonNull(listener, "listener");
        int frameSamples = providers.vad().frameSamples();
        this.slicer = new FrameSlicer(frameSamples);
        this.vadFrameNanos = frameSamples * 1_000_000_000L / SAMPLE_RATE;
        this.gate = new VadGate(settings.vadStartThreshold(), settings.vadStopThreshold(),
                settings.vadMinSpeechMillis(), settings.vadMinSilenceMillis());
        this.preRoll = new PreRollBuffer((int) ((settings.preRollMillis() + settings.vadMinSpeechMillis()) * SAMPLE_RATE / 1000));
        this.endpointing = new EndpointingPolicy(settings.endpointingSilenceMillis(), settings.unfinishedUtteranceSilenceMillis());
        this.interruption = new InterruptionPolicy(settings.bargeInMinSpeechMillis(), settings.bargeInMinWords(),
                settings.bargeInLongSpeechMillis(), settings.backchannels());
        if (!settings.systemPrompt().isBlank()) {
            history.add(ChatMessage.system(settings.systemPrompt()));
            historySnapshot = List.copyOf(history);
        }
    }

    /** Opens the VAD stream and starts the session's clocks (idle and maximum duration). */
    public void start() {
        synchronized (audioLock) {
            if (vadStream != null || closed) {
                throw new IllegalStateException("ConversationEngine: start() called twice or after close()");
            }
            vadStream = providers.vad().open();
        }
        output.setPlaybackListener((generation, chunk, samples, sentAt) -> lane.execute(() -> played(generation, chunk, samples, sentAt)));
        lane.execute(() -> {
            sessionTimer = schedule(settings.maxSessionMillis(), () -> endSession(SessionEndReason.MAX_DURATION, "maximum session duration reached"));
            floorFree();
        });
    }

    /**
     * The user's next audio, 16 kHz mono PCM, any packet size; called by one media thread. Runs the
     * VAD here (cheap, per frame) and leaves every decision to the lane.
     */
    public void acceptAudio(short[] pcm, int offset, int length) {
        synchronized (audioLock) {
            if (closed || vadStream == null) {
                return;
            }
            slicer.accept(pcm, offset, length, frame -> {
                float probability = vadStream.speechProbability(frame);
                long endNanos = nextFrameEnd();
                lane.execute(() -> frame(frame, probability, endNanos));
            });
        }
    }

    /**
     * Frames are timed by the audio itself, so a burst (a jitter buffer catching up) keeps its true
     * durations; only when the input stalled longer than {@code inputStallMillis} does the audio
     * time jump to the clock again. A frame is never stamped later than its arrival: anchored on a
     * frame that came late, the audio time would otherwise stay that late for the whole call (the
     * end of speech stamped up to the stall limit after the microphone).
     */
    private long nextFrameEnd() {
        long now = clock.nanoTime();
        long next = audioTimeNanos == Long.MIN_VALUE ? now : Math.min(audioTimeNanos + vadFrameNanos, now);
        if (next < now - settings.inputStallMillis() * NANOS_PER_MILLI) {
            next = now;
        }
        audioTimeNanos = next;
        return next;
    }

    /** Ends the session now (reason {@link SessionEndReason#CLOSED}); safe from any thread, twice too. */
    @Override
    public void close() {
        closed = true;
        lane.execute(() -> endSession(SessionEndReason.CLOSED, "closed"));
    }

    /** What {@link #say} did with a text. */
    public enum SayOutcome {
        /** The agent will say it as soon as the floor is free (at once when it is). */
        ACCEPTED,
        /** The conversation is over: nothing will be said. */
        ENDED,
        /** {@link #MAX_PENDING_SAYS} texts already wait: this one is refused. */
        TOO_MANY_WAITING
    }

    /**
     * Makes the agent say {@code text} as its own turn, through the synthesiser, without asking the
     * model; safe from any thread. It waits for a free floor (see the class comment), then goes
     * through the same reply path as an answer: the user can barge in, and what was said (or heard,
     * when cut) joins the dialog history.
     *
     * @throws IllegalArgumentException if {@code text} is blank
     */
    public SayOutcome say(String text) {
        String spoken = Objects.requireNonNull(text, "text").strip();
        if (spoken.isEmpty()) {
            throw new IllegalArgumentException("nothing to say");
        }
        if (closed) {
            return SayOutcome.ENDED;
        }
        if (saysWaiting.incrementAndGet() > MAX_PENDING_SAYS) {
            saysWaiting.decrementAndGet();
            return SayOutcome.TOO_MANY_WAITING;
        }
        lane.execute(() -> {
            if (ended) {
                saysWaiting.decrementAndGet();
                return;
            }
            says.add(spoken);
            speakWaitingText();
        });
        return SayOutcome.ACCEPTED;
    }

    /** The dialog so far, as the language model will see it. */
    public List<ChatMessage> history() {
        return historySnapshot;
    }

    public ConversationState state() {
        return state;
    }

    // ---- user side ----

    private void frame(short[] pcm, float probability, long endNanos) {
        if (ended) {
            return;
        }
        VadGate.Transition transition = gate.update(probability, endNanos - vadFrameNanos, vadFrameNanos);
        if (utterance != null) {
            utterance.accept(pcm, 0, pcm.length);
        } else {
            preRoll.add(pcm);
        }
        if (transition == VadGate.Transition.STARTED) {
            speechStarted();
        } else if (transition == VadGate.Transition.STOPPED) {
            speechStopped();
        }
        if (gate.speaking()) {
            speechContinues();
        }
    }

    private void speechStarted() {
        emit(new UserSpeechStarted(now(), gate.onsetNanos()));
        cancel(idleTimer);
        cancel(endpointTimer);
        cancel(resumeTimer);
        if (utterance == null) {
            openUtterance();
        }
        if (reply != null && state == ConversationState.THINKING) {
            // Nothing was said yet: the user was not done, so this reply would answer half a turn.
            bargeIn(gate.onsetNanos());
        }
    }

    private void openUtterance() {
        long id = ++utteranceId;
        partialText = "";
        utteranceStartNanos = gate.onsetNanos();
        utteranceOverAgent = reply != null;
        try {
            utterance = startRecognition(id);
        } catch (RuntimeException | LinkageError e) {
            emit(new ProviderFailed(now(), "speech recognizer", ProviderFailures.of(e).getMessage()));
            return; // this speech goes unheard; the next onset tries again
        }
        preRoll.drainTo(frame -> utterance.accept(frame, 0, frame.length));
    }

    private SpeechRecognizer.Utterance startRecognition(long id) {
        return providers.recognizer().startUtterance(new SpeechRecognizer.Listener() {
            @Override
            public void onPartial(Transcript partial) {
                lane.execute(() -> partial(id, partial));
            }

            @Override
            public void onFinal(Transcript fin) {
                lane.execute(() -> fin(id, fin));
            }

            @Override
            public void onError(SpeechException error) {
                lane.execute(() -> recognitionFailed(id, error));
            }
        });
    }

    private void speechContinues() {
        if (utterance == null) {
            return;
        }
        if (reply != null) {
            judgeInterruption();
        }
        if (utterance != null && now() - utteranceStartNanos >= settings.maxUserTurnMillis() * NANOS_PER_MILLI) {
            // The user talks on and on: take the turn as it is, ignoring the rest of this speech.
            finishUtterance(now());
        }
    }

    private void speechStopped() {
        emit(new UserSpeechStopped(now(), gate.lastVoiceEndNanos()));
        if (utterance != null) {
            awaitEndpoint();
        } else {
            speakWaitingText(); // speech nobody could recognise ended: a waiting text goes now
        }
    }

    private void awaitEndpoint() {
        cancel(endpointTimer);
        long due = gate.lastVoiceEndNanos() + endpointing.requiredSilenceMillis(partialText) * NANOS_PER_MILLI;
        endpointTimer = clock.schedule(due - now(), () -> lane.execute(this::endpointSilenceElapsed));
    }

    private void endpointSilenceElapsed() {
        if (ended || utterance == null || gate.speaking()) {
            return;
        }
        long due = gate.lastVoiceEndNanos() + endpointing.requiredSilenceMillis(partialText) * NANOS_PER_MILLI;
        if (due > now()) {
            // A partial that arrived meanwhile looks unfinished ("I want to"): wait longer.
            awaitEndpoint();
            return;
        }
        finishUtterance(gate.lastVoiceEndNanos());
    }

    private void finishUtterance(long speechEndNanos) {
        cancel(endpointTimer);
        userSpeechEndNanos = speechEndNanos;
        endpointNanos = now();
        finishing = utterance;
        finishingId = utteranceId;
        utterance = null;
        finishing.finish();
    }

    private void partial(long id, Transcript partial) {
        if (ended || id != utteranceId || partial.isEmpty()) {
            return;
        }
        partialText = partial.text().strip();
        emit(new PartialTranscript(now(), partialText));
        if (reply != null && gate.speaking()) {
            judgeInterruption();
        }
    }

    private void fin(long id, Transcript fin) {
        if (ended || finishing == null || id != finishingId) {
            return;
        }
        finishing = null;
        String text = fin.isEmpty() ? "" : fin.text().strip();
        emit(new FinalTranscript(now(), text));
        if (!text.isEmpty()) {
            userTurnText.append(userTurnText.length() == 0 ? "" : " ").append(text);
        }
        if (utterance == null) {
            userTurnEnded(now());
        } // else the user already speaks again: this text opens the same turn
    }

    private void recognitionFailed(long id, SpeechException error) {
        if (ended || (id != utteranceId && id != finishingId)) {
            return;
        }
        emit(new ProviderFailed(now(), "speech recognizer", error.getMessage()));
        if (utterance != null && id == utteranceId) {
            utterance.cancel();
            utterance = null;
        }
        if (finishing != null && id == finishingId) {
            finishing.cancel();
            finishing = null;
        }
        if (utterance == null) {
            userTurnEnded(now());
        }
    }

    /** The user's speech is over and its final transcript is in: who speaks next? */
    private void userTurnEnded(long sttFinalNanos) {
        String text = userTurnText.toString();
        userTurnText.setLength(0);
        if (reply != null) {
            return; // speech over the agent that never barged in (a backchannel, a short noise): it keeps the floor
        }
        if (utteranceOverAgent && interrupted == null) {
            floorFree(); // the same, but the reply ended while the user was still making that noise
            return;
        }
        if (interrupted != null) {
            if (!interruption.isRealInterruption(text)) {
                resumeTimer = schedule(settings.falseInterruptionTimeoutMillis(), this::resumeInterruptedReply);
                return;
            }
            rememberAgentMessage(interrupted.heardText());
            interrupted = null;
        }
        if (!interruption.isRealTurn(text)) {
            floorFree();
            return;
        }
        idlePrompted = false;
        history.add(ChatMessage.user(text));
        historySnapshot = List.copyOf(history);
        timings = new TurnTimings(++turns, userSpeechEndNanos, endpointNanos, sttFinalNanos);
        startReply(null, "", List.copyOf(history));
    }

    // ---- agent side ----

    /** Starts a new generation; {@code text} null means "ask the model about {@code context}". */
    private void startReply(String text, String alreadyHeard, List<ChatMessage> context) {
        cancel(idleTimer);
        AgentReply next = new AgentReply(++generations, lane, providers.languageModel(), providers.synthesizer(), output,
                new SpeakableChunker(settings.firstChunkMinChars(), settings.chunkMaxChars()), alreadyHeard, replyEvents);
        reply = next;
        setState(ConversationState.THINKING);
        if (text != null) {
            next.startFromText(text);
        } else {
            next.startFromModel(context);
        }
    }

    private final AgentReply.Events replyEvents = new AgentReply.Events() {
        @Override
        public void firstToken(AgentReply r) {
            timings.firstToken(now());
        }

        @Override
        public void firstAudioQueued(AgentReply r) {
            timings.firstTtsAudio(now());
            setState(ConversationState.SPEAKING);
        }

        @Override
        public void chunkStartedPlaying(AgentReply r, String text) {
            emit(new AgentText(now(), r.generation, text));
        }

        @Override
        public void firstAudioSent(AgentReply r, long sentAtNanos) {
            timings.firstAudioOut(sentAtNanos);
        }

        @Override
        public void finished(AgentReply r) {
            reply = null;
            rememberAgentMessage(r.fullText());
            emit(new TurnCompleted(now(), timings.metrics()));
            setState(ConversationState.LISTENING);
            floorFree();
        }

        @Override
        public void failed(AgentReply r, String provider, SpeechException error) {
            reply = null;
            output.flush();
            emit(new ProviderFailed(now(), provider, error.getMessage()));
            emit(new TurnCompleted(now(), timings.metrics()));
            setState(ConversationState.LISTENING);
            floorFree();
        }
    };

    private void played(long generation, int chunk, int samples, long sentAtNanos) {
        if (!ended && reply != null && reply.generation == generation) {
            reply.played(chunk, samples, sentAtNanos);
        }
    }

    private void judgeInterruption() {
        long voicedMillis = (gate.lastVoiceEndNanos() - gate.onsetNanos()) / NANOS_PER_MILLI;
        if (interruption.judge(voicedMillis, partialText) == InterruptionPolicy.Verdict.BARGE_IN) {
            bargeIn(gate.onsetNanos());
        }
    }

    /** The user takes the floor: silence the agent at once and keep what was heard. */
    private void bargeIn(long onsetNanos) {
        AgentReply stopped = reply;
        reply = null;
        stopped.cancel();
        int dropped = output.flush();
        long at = now();
        String heard = stopped.heardText();
        interrupted = new InterruptedReply(heard, stopped.fullText(), stopped.modelComplete(), historySnapshot);
        timings.bargeIn(onsetNanos, at, dropped);
        emit(new AgentInterrupted(at, stopped.generation, heard, dropped));
        emit(new TurnCompleted(at, timings.metrics()));
        setState(ConversationState.LISTENING);
    }

    /** The interruption yielded no words: continue the reply from the first word the user did not hear. */
    private void resumeInterruptedReply() {
        InterruptedReply cut = interrupted;
        if (ended || cut == null || reply != null || utterance != null || gate.speaking()) {
            return;
        }
        interrupted = null;
        timings = new TurnTimings(++turns, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED);
        startReply(cut.modelComplete() ? cut.fullText() : null, cut.heardText(), cut.history());
        emit(new AgentResumed(now(), generations, cut.heardText().isEmpty() ? 0 : cut.heardText().split("\\s+").length));
    }

    private void rememberAgentMessage(String text) {
        if (text != null && !text.isBlank()) {
            history.add(ChatMessage.assistant(text.strip()));
            historySnapshot = List.copyOf(history);
        }
    }

    /**
     * Nobody holds the floor: the agent says the oldest text waiting for it ({@link #say}), or
     * else waits for the user, idle timer armed. Called wherever a turn ends without a reply following.
     */
    private void floorFree() {
        if (!speakWaitingText()) {
            armIdleTimer();
        }
    }

    /** Starts saying the oldest text waiting for the floor if the floor is free; false if it did not. */
    private boolean speakWaitingText() {
        if (ended || says.isEmpty() || reply != null || interrupted != null || utterance != null || finishing != null || gate.speaking()) {
            return false;
        }
        String text = says.poll();
        saysWaiting.decrementAndGet();
        timings = new TurnTimings(++turns, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED);
        startReply(text, "", List.copyOf(history));
        return true;
    }

    // ---- limits and session end ----

    private void armIdleTimer() {
        cancel(idleTimer);
        idleTimer = schedule(settings.idleTimeoutMillis(), this::idle);
    }

    private void idle() {
        if (ended || reply != null || utterance != null || finishing != null || gate.speaking()) {
            return;
        }
        if (idlePrompted || settings.idlePrompt().isBlank()) {
            endSession(SessionEndReason.IDLE_TIMEOUT, "the user stayed silent");
            return;
        }
        idlePrompted = true;
        timings = new TurnTimings(++turns, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED);
        startReply(settings.idlePrompt(), "", List.copyOf(history));
    }

    private void endSession(SessionEndReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        closed = true;
        says.clear();
        cancel(endpointTimer);
        cancel(resumeTimer);
        cancel(idleTimer);
        cancel(sessionTimer);
        if (reply != null) {
            // The turn was under way: complete it, so the user's question and what the agent had
            // already said are kept (transcripts, metrics) rather than vanishing with the session.
            reply.cancel();
            reply = null;
            output.flush();
            emit(new TurnCompleted(now(), timings.metrics()));
        }
        if (utterance != null) {
            utterance.cancel();
            utterance = null;
        }
        if (finishing != null) {
            finishing.cancel();
            finishing = null;
        }
        synchronized (audioLock) {
            if (vadStream != null) {
                vadStream.close();
                vadStream = null;
            }
        }
        setState(ConversationState.LISTENING);
        emit(new SessionEnded(now(), reason, detail));
    }

    // ---- small helpers ----

    private Cancellable schedule(long millis, Runnable onLane) {
        return clock.schedule(millis * NANOS_PER_MILLI, () -> lane.execute(() -> {
            if (!ended) {
                onLane.run();
            }
        }));
    }

    private static void cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void setState(ConversationState next) {
        ConversationState previous = state;
        if (previous != next) {
            state = next;
            emit(new StateChanged(now(), previous, next));
        }
    }

    private void emit(ConversationEvent event) {
        listener.onEvent(event);
    }

    private long now() {
        return clock.nanoTime();
    }
}
