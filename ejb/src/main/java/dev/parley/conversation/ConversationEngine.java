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
import dev.parley.rtp.InboundAudioFrame;
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
 * One session's conversation: hears the user's 16 kHz mono audio frames, decides who holds the floor, and
 * speaks the agent's replies into an {@link AgentAudioOutput}. This class is where turn-taking lives;
 * the decisions it delegates are small policies ({@link VadGate}, {@link EndpointingPolicy},
 * {@link InterruptionPolicy}) and a reply's production is an {@link AgentReply}.
 *
 * <p>Threads. {@link #acceptAudio} runs the VAD on the caller's (media) thread and hands each frame
 * to the session's <em>lane</em>, a serial executor; every state change happens there, and provider
 * callbacks and timeouts hop there too, so nothing here needs a lock. Model work (STT, LLM, TTS)
 * runs on the providers' own threads and never blocks the lane.
 *
 * <p>Who holds the floor is the {@link TurnTaker}'s state ({@link Floor}); this class feeds it what
 * happens and does what each new state needs. One turn: speech started → frames (with pre-roll) to
 * STT → VAD silence of the length the {@link EndpointingPolicy} picks from the words so far → STT
 * finished → final transcript → LLM → speakable chunks → TTS → output. Speech the VAD confirms over
 * the agent pauses the output at once (the rest is held); the {@link InterruptionPolicy} then
 * decides from the words: a real interruption drops the rest and the user has the floor, noise or a
 * backchannel resumes the agent from the exact sample it stopped at, at most
 * {@code resumeAfterNoiseMillis} after the sound ended. Speech before the agent said anything
 * withdraws its answer: the user was not done, and the dialog keeps one user turn.
 *
 * <p>Spoken on request ({@link #say}, e.g. an administrator): the text is an agent turn like any
 * other (barge-in-able, in the dialog history, in the events), but it never cuts anyone off: it
 * waits until the floor is free, i.e. after the agent's current answer and after the user's
 * current turn (and the answer to it).
 */
public final class ConversationEngine implements AutoCloseable {

    /** Texts {@link #say} keeps waiting for the floor at most. */
    public static final int MAX_PENDING_SAYS = 16;

    /** Longest text turn {@link #userText} takes. */
    public static final int MAX_TEXT_CHARS = 1000;

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
    /**
     * Set on the lane when the agent takes the floor over a quiet user, taken by the audio thread:
     * Silero carries the question just asked in its state and, so primed, scores the first 100 to
     * 200 ms of an interruption that opens on a fricative ("shut up", "so what") near zero; a state
     * as fresh as a new call's holds the agent that much sooner, while noise stays far below the
     * onset threshold (measured: a cough 0.15, pink noise 0.12 at most).
     */
    private volatile boolean vadStateStale;

    // Everything below is touched on the lane only.
    private final VadGate gate;
    /** The same probabilities, held for less time (and a threshold no higher): holds the speaking agent at an onset; null when off. */
    private final VadGate onsetGate;
    private final PreRollBuffer preRoll;
    private final TurnAudio turnAudio;
    private final EndpointingPolicy endpointing;
    private final InterruptionPolicy interruption;
    private final List<ChatMessage> history = new ArrayList<>();
    private volatile List<ChatMessage> historySnapshot = List.of();
    private volatile ConversationState state = ConversationState.LISTENING;

    private final TurnTaker floor = new TurnTaker();
    private SpeechRecognizer.Utterance utterance;
    private long utteranceId;
    /** The utterance whose recognition began with the turn's earlier audio: its final is the whole turn's text. */
    private long carriesTurnId = -1;
    private long utteranceStartNanos;
    private boolean ignoringSpeech;
    private SpeechRecognizer.Utterance finishing;
    private long finishingId;
    private String partialText = "";
    private String partialWritten = "";
    /** Audio handed to the open utterance, replayed turn audio and pre-roll included, in samples. */
    private long utteranceSamples;
    /** {@link #utteranceSamples} at the end of the last voiced frame: the words must reach this far. */
    private long voicedUtteranceSamples;
    /** How much of the open utterance's audio its latest partial covers. */
    private long partialAudioMillis;
    /** Frames of the user's turn so far that the bridge concealed (a guess for audio lost on the way). */
    private int turnFramesConcealed;
    private final StringBuilder userTurnText = new StringBuilder();
    private long userSpeechEndNanos = TurnMetrics.NOT_REACHED;
    private long endpointNanos = TurnMetrics.NOT_REACHED;
    /**
     * The endpoint of the user turn the agent answers now. Not {@link #endpointNanos}: that one also
     * moves when sound over the paused agent is finished and judged, which opens no turn.
     */
    private long answeredEndpointNanos = TurnMetrics.NOT_REACHED;

    private AgentReply reply;
    private long generations;
    private int turns;
    private TurnTimings timings;
    private long pausedOnsetNanos = TurnMetrics.NOT_REACHED;
    private long pausedAtNanos = TurnMetrics.NOT_REACHED;
    /**
     * Final words of the sounds over the agent since it paused that did not interrupt on their own.
     * A short interruption that dips in the middle ("stop … please") comes as two finals, neither
     * enough alone: they are judged together, and if they interrupt they open the user's turn.
     */
    private final StringBuilder heardOverPause = new StringBuilder();
    private boolean pauseUnsupported;

    /** A reply prepared during the user's pause, held until the endpoint confirms the same words. */
    private AgentReply preemptive;
    private List<String> preemptiveWords = List.of();
    private int preemptiveWasted;

    private final Deque<String> says = new ArrayDeque<>();
    private final AtomicInteger saysWaiting = new AtomicInteger();

    private Cancellable endpointTimer;
    private Cancellable resumeTimer;
    private Cancellable idleTimer;
    private Cancellable sessionTimer;
    private boolean idlePrompted;
    /**
     * The caller's audio has reached the engine (lane only). The idle clock waits for it: until the
     * media path is up (ICE, DTLS: seconds on a loaded machine) the caller cannot be heard, so their
     * silence says nothing; a session whose audio never arrives is ended by the media layer instead.
     */
    private boolean callerAudible;
    private boolean firstAudioDelivered; // guarded by audioLock

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
        this.onsetGate = settings.onsetPausesAgent()
                ? new VadGate(settings.vadOnsetThreshold(), settings.vadOnsetThreshold() * 2 / 3, settings.vadOnsetMillis(), settings.vadMinSilenceMillis())
                : null;
        this.preRoll = new PreRollBuffer((int) ((settings.preRollMillis() + settings.vadMinSpeechMillis()) * SAMPLE_RATE / 1000));
        this.turnAudio = new TurnAudio((int) Math.min(Integer.MAX_VALUE / 2, (settings.maxUserTurnMillis() + 5_000) * SAMPLE_RATE / 1000),
                frameSamples);
        this.endpointing = new EndpointingPolicy(settings.completeUtteranceSilenceMillis(), settings.endpointingSilenceMillis(),
                settings.unfinishedUtteranceSilenceMillis());
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
            sessionTimer = schedule(settings.maxSessionMillis(), () -> endSession(SessionEndCause.MAX_DURATION,
                    "the session reached its maximum duration of " + describeMillis(settings.maxSessionMillis())));
            floorFree();
        });
    }

    /**
     * The user's next audio as the bridge delivered it: 16 kHz mono, any length, with its facts
     * (when it was delivered, on this engine's clock); called by one media thread. Cuts it to the
     * VAD's frame size, runs the VAD here (cheap, per frame) and leaves every decision to the lane.
     */
    public void acceptAudio(InboundAudioFrame delivered) {
        synchronized (audioLock) {
            if (closed || vadStream == null) {
                return;
            }
            if (!firstAudioDelivered) {
                firstAudioDelivered = true;
                lane.execute(this::callerAudible);
            }
            if (vadStateStale) {
                vadStateStale = false;
                vadStream.reset();
            }
            slicer.accept(delivered, frame -> {
                float probability = vadStream.speechProbability(frame.samples());
                long endNanos = nextFrameEnd(frame.deliveredNanos());
                lane.execute(() -> frame(frame.samples(), frame.concealed(), probability, endNanos));
            });
        }
    }

    /**
     * Frames are timed by the audio itself and by when they were delivered, never by when this
     * engine got round to them (a VAD or a lock that held the audio up would otherwise push the end
     * of speech later by as much). A burst (a jitter buffer catching up) keeps its true durations;
     * only when the input stalled longer than {@code inputStallMillis} does the audio time jump to
     * the delivery time again. A frame is never stamped later than its delivery: anchored on a
     * frame that came late, the audio time would otherwise stay that late for the whole call.
     */
    private long nextFrameEnd(long deliveredNanos) {
        long delivered = Math.min(deliveredNanos, clock.nanoTime()); // a stamp from the future would hold timers back
        long next = audioTimeNanos == Long.MIN_VALUE ? delivered : Math.min(audioTimeNanos + vadFrameNanos, delivered);
        if (next < delivered - settings.inputStallMillis() * NANOS_PER_MILLI) {
            next = delivered;
        }
        audioTimeNanos = next;
        return next;
    }

    /** Ends the session now as hung up; safe from any thread, twice too. */
    @Override
    public void close() {
        end(SessionEndCause.HANG_UP, "hung up");
    }

    /**
     * Ends the session now for {@code cause} (its owner's: the user hung up, the media failed...),
     * told in the {@link SessionEnded} event; safe from any thread. Once ended, later calls do nothing.
     */
    public void end(SessionEndCause cause, String detail) {
        Objects.requireNonNull(cause, "cause");
        closed = true;
        lane.execute(() -> endSession(cause, detail));
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
            if (floor.ended()) {
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

    private void frame(short[] pcm, boolean concealed, float probability, long endNanos) {
        if (floor.ended()) {
            return;
        }
        if (concealed && utterance != null) {
            turnFramesConcealed++;
        }
        long voiceEndBefore = gate.lastVoiceEndNanos();
        VadGate.Transition transition = gate.update(probability, endNanos - vadFrameNanos, vadFrameNanos);
        if (utterance != null) {
            utterance.accept(pcm, 0, pcm.length);
            utteranceSamples += pcm.length;
            turnAudio.add(pcm);
        } else {
            preRoll.add(pcm, concealed);
        }
        if (transition == VadGate.Transition.STARTED) {
            speechStarted();
        } else if (transition == VadGate.Transition.STOPPED) {
            speechStopped();
        }
        if (onsetGate != null) {
            VadGate.Transition onset = onsetGate.update(probability, endNanos - vadFrameNanos, vadFrameNanos);
            if (onset == VadGate.Transition.STARTED) {
                soundOnset();
            } else if (onset == VadGate.Transition.STOPPED && floor.floor() instanceof Floor.AgentHeld held) {
                resumeAgent(held.generation()); // the sound ended without ever sounding like speech
            }
        }
        if (gate.lastVoiceEndNanos() != voiceEndBefore && utterance != null) {
            voicedUtteranceSamples = utteranceSamples;
        }
        if (gate.speaking() && !ignoringSpeech) {
            speechContinues();
        }
    }

    private void speechStarted() {
        emit(new UserSpeechStarted(now(), gate.onsetNanos()));
        cancel(idleTimer);
        cancel(endpointTimer);
        dropPreemptive(); // the user goes on: what it prepared answers half a turn
        Floor f = floor.floor();
        boolean continuing = false;
        if (f instanceof Floor.AgentSpeaking && continuesLastTurn(gate.onsetNanos())) {
            withdrawAnswer(); // they had only paused: the answer to half their turn goes, unheard as far as the dialog knows
            continuing = true;
        } else if (f instanceof Floor.AgentSpeaking speaking) {
            // Stop at once, decide after: the rest is held until the words (or their absence) tell.
            pauseAgent(speaking.generation(), gate.onsetNanos(), TurnTaker.Input.SPEECH_STARTED);
        } else if (f instanceof Floor.AgentPaused || f instanceof Floor.AgentHeld) {
            cancel(resumeTimer); // held at the onset (its time stays the barge-in's start), or paused by an earlier sound
            move(TurnTaker.Input.SPEECH_STARTED);
        } else if (f instanceof Floor.AgentThinking && reply.answersUser) {
            withdrawAnswer();
            continuing = true;
        } else if (f instanceof Floor.AgentThinking) {
            stopUnspokenReply();
        } else {
            move(TurnTaker.Input.SPEECH_STARTED);
            continuing = f instanceof Floor.AwaitingFinal; // speaks again before the final of the turn's first part
        }
        if (utterance == null) {
            openUtterance(continuing);
        }
    }

    /** Stops the agent's audio at once, keeping the rest, for a sound that began at {@code onsetNanos}. */
    private void pauseAgent(long generation, long onsetNanos, TurnTaker.Input why) {
        int held = pauseOutput();
        pausedOnsetNanos = onsetNanos;
        pausedAtNanos = now();
        heardOverPause.setLength(0);
        move(why);
        emit(new ConversationEvent.AgentPaused(pausedAtNanos, generation, held));
    }

    /** Speech that starts within {@code continuationGraceMillis} of the endpoint of the turn the agent answers goes on with that turn. */
    private boolean continuesLastTurn(long onsetNanos) {
        return reply.answersUser && answeredEndpointNanos != TurnMetrics.NOT_REACHED
                && onsetNanos - answeredEndpointNanos <= settings.continuationGraceMillis() * NANOS_PER_MILLI;
    }

    /**
     * The first frames of a sound over the speaking agent, before the VAD confirms speech: the
     * agent stops at once, its rest held, so an interruption is not talked over while the VAD
     * makes sure; the sound ending without becoming speech, or the bound passing, resumes it from
     * the same sample. Just after the endpoint the user may be going on with their turn: that is
     * left to the VAD's confirmation, which withdraws the answer.
     */
    private void soundOnset() {
        if (!(floor.floor() instanceof Floor.AgentSpeaking speaking) || gate.speaking() || pauseUnsupported
                || continuesLastTurn(onsetGate.onsetNanos())) {
            return;
        }
        pauseAgent(speaking.generation(), onsetGate.onsetNanos(), TurnTaker.Input.SOUND_ONSET);
        resumeTimer = clock.schedule(settings.resumeAfterNoiseMillis() * NANOS_PER_MILLI,
                () -> lane.execute(() -> resumeAgent(speaking.generation())));
    }

    /**
     * The user goes on with the turn the agent started answering: the answer is cancelled (its
     * audio dropped), the user's words go back into the open turn, and the dialog keeps one user turn.
     */
    private void withdrawAnswer() {
        AgentReply stopped = reply;
        reply = null;
        stopped.cancel();
        int dropped = output.flush();
        if (!history.isEmpty() && history.get(history.size() - 1).role() == ChatMessage.Role.USER) {
            ChatMessage question = history.remove(history.size() - 1);
            historySnapshot = List.copyOf(history);
            userTurnText.setLength(0);
            userTurnText.append(question.text());
        }
        turns--; // the turn is not over: the next answer completes it
        if (stopped.audioQueued()) {
            emit(new AgentInterrupted(now(), stopped.generation, stopped.heardText(), dropped));
        }
        move(TurnTaker.Input.USER_CONTINUES);
    }

    /** The user speaks before a said text or the idle prompt was heard: it is cut. */
    private void stopUnspokenReply() {
        AgentReply stopped = reply;
        reply = null;
        stopped.cancel();
        output.flush();
        long at = now();
        timings.bargeIn(gate.onsetNanos(), at, 0);
        emit(new AgentInterrupted(at, stopped.generation, "", 0));
        emit(new TurnCompleted(at, timings.metrics()));
        move(TurnTaker.Input.SPEECH_STARTED);
    }

    /** @param continuing the user goes on with the turn whose earlier part was already recognised */
    private void openUtterance(boolean continuing) {
        long id = ++utteranceId;
        partialText = "";
        partialWritten = "";
        partialAudioMillis = 0;
        utteranceSamples = 0;
        voicedUtteranceSamples = 0;
        utteranceStartNanos = gate.onsetNanos();
        if (!continuing) {
            turnAudio.clear();
            turnFramesConcealed = 0;
        }
        try {
            utterance = startRecognition(id);
        } catch (RuntimeException | LinkageError e) {
            emit(new ProviderFailed(now(), "speech recognizer", ProviderFailures.of(e).getMessage()));
            return; // this speech goes unheard; the next onset tries again
        }
        if (continuing && turnAudio.replayable()) {
            turnAudio.replayInto(utterance);
            utteranceSamples += turnAudio.samples();
            carriesTurnId = id;
        }
        turnFramesConcealed += preRoll.drainTo(frame -> {
            utterance.accept(frame, 0, frame.length);
            utteranceSamples += frame.length;
            turnAudio.add(frame);
        });
    }

    /** The words heard over the paused agent so far (before a dip in the sound) are the start of the user's turn. */
    private void openUserTurnWithHeardOverPause() {
        userTurnText.setLength(0);
        userTurnText.append(heardOverPause);
        heardOverPause.setLength(0);
    }

    private String withHeardOverPause(String text) {
        return heardOverPause.isEmpty() ? text : (heardOverPause + " " + text).strip();
    }

    private static void appendWords(StringBuilder to, String words) {
        if (!words.isBlank()) {
            to.append(to.isEmpty() ? "" : " ").append(words.strip());
        }
    }

    /** The turn's words with {@code utteranceText} of the open utterance, which may already hold the earlier ones. */
    private String turnWith(String utteranceText) {
        return carriesTurnId == utteranceId ? utteranceText.strip() : (userTurnText + " " + utteranceText).strip();
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
        Floor f = floor.floor();
        if (f instanceof Floor.AgentPaused) {
            judgeInterruption();
        } else if (f instanceof Floor.UserSpeaking && utterance != null
                && now() - utteranceStartNanos >= settings.maxUserTurnMillis() * NANOS_PER_MILLI) {
            // The user talks on and on: take the turn as it is, ignoring the rest of this speech.
            ignoringSpeech = true;
            move(TurnTaker.Input.ENDPOINT_REACHED);
            finishUtterance(now());
        }
    }

    private void speechStopped() {
        emit(new UserSpeechStopped(now(), gate.lastVoiceEndNanos()));
        if (ignoringSpeech) {
            ignoringSpeech = false; // the tail of a turn already taken, or of speech nobody could recognise
            if (floor.floor() instanceof Floor.Free) {
                floorFree();
            }
            return;
        }
        Floor f = floor.floor();
        move(TurnTaker.Input.SPEECH_STOPPED);
        if (f instanceof Floor.AgentPaused paused) {
            // The sound over the agent ended: its final words decide, within a bounded time.
            if (utterance != null) {
                finishUtterance(gate.lastVoiceEndNanos());
            }
            long due = gate.lastVoiceEndNanos() + settings.resumeAfterNoiseMillis() * NANOS_PER_MILLI;
            resumeTimer = clock.schedule(Math.max(0, due - now()), () -> lane.execute(() -> resumeAgent(paused.generation())));
        } else if (utterance != null) {
            awaitEndpoint();
            prepareAnswer();
        } else if (finishing != null) {
            move(TurnTaker.Input.ENDPOINT_REACHED); // this speech went unrecognised; the turn's pending final ends it
        } else if (userTurnText.length() > 0) {
            move(TurnTaker.Input.ENDPOINT_REACHED);
            userTurnEnded(now());
        } else {
            move(TurnTaker.Input.TURN_DROPPED); // speech nobody could recognise
            floorFree();
        }
    }

    private void awaitEndpoint() {
        cancel(endpointTimer);
        long due = gate.lastVoiceEndNanos() + requiredSilenceMillis() * NANOS_PER_MILLI;
        endpointTimer = clock.schedule(Math.max(0, due - now()), () -> lane.execute(this::endpointSilenceElapsed));
    }

    /**
     * The silence that ends the turn, from the words so far. The short one only when those words
     * cover all the speech: a lagging recogniser's "can you tell" looks like a complete question
     * while the user said "can you tell me" and is thinking of the rest.
     */
    private long requiredSilenceMillis() {
        long millis = endpointing.requiredSilenceMillis(turnSoFar());
        if (millis < settings.endpointingSilenceMillis() && !wordsCoverSpeech()) {
            return settings.endpointingSilenceMillis();
        }
        return millis;
    }

    private boolean wordsCoverSpeech() {
        return partialAudioMillis * SAMPLE_RATE / 1000 >= voicedUtteranceSamples;
    }

    /** The user's words so far in this turn, as written (the current utterance's punctuation, when there is any). */
    private String turnSoFar() {
        return turnWith(partialWritten);
    }

    private void endpointSilenceElapsed() {
        if (!(floor.floor() instanceof Floor.UserPaused) || utterance == null) {
            return;
        }
        long due = gate.lastVoiceEndNanos() + requiredSilenceMillis() * NANOS_PER_MILLI;
        if (due > now()) {
            // The words say wait longer ("I want to"), or do not yet cover the end of the speech.
            awaitEndpoint();
            return;
        }
        move(TurnTaker.Input.ENDPOINT_REACHED);
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
        if (floor.ended() || id != utteranceId || partial.isEmpty()) {
            return;
        }
        String text = partial.text().strip();
        boolean changed = !text.equals(partialText);
        partialText = text;
        partialWritten = partial.writtenText() == null ? partialText : partial.writtenText().strip();
        partialAudioMillis = Math.max(partialAudioMillis, partial.audioMillis());
        if (changed) {
            emit(new PartialTranscript(now(), partialText, carriesTurnId == utteranceId));
        } // else the recogniser only says its words still hold for more audio
        if (floor.floor() instanceof Floor.AgentPaused paused && paused.userSpeaking()) {
            judgeInterruption();
        } else if (floor.floor() instanceof Floor.UserPaused && utterance != null) {
            if (preemptive != null && !preemptiveWords.equals(Words.of(turnWith(partialText)))) {
                dropPreemptive(); // the recogniser revised the words: prepare the answer to the new ones
                prepareAnswer();
            }
            // Newer words can make the pause long enough already ("what voice are" became "what
            // voice do you use") or not yet: the endpoint moves either way.
            awaitEndpoint();
        }
    }

    private void fin(long id, Transcript fin) {
        if (floor.ended() || finishing == null || id != finishingId) {
            return;
        }
        finishing = null;
        String text = fin.isEmpty() ? "" : fin.text().strip();
        emit(new FinalTranscript(now(), text, id == carriesTurnId && !text.isEmpty()));
        Floor f = floor.floor();
        if (f instanceof Floor.AgentPaused paused) {
            if (!interruption.isRealInterruption(withHeardOverPause(text))) {
                appendWords(heardOverPause, text);
                if (paused.userSpeaking()) {
                    judgeInterruption(); // these words and the next sound's, together
                } else if (!interruption.isRealTurn(text) || interruption.isOnlyBackchannel(text)) {
                    resumeAgent(paused.generation()); // a cough, noise or "uh-huh": no reason to wait longer
                } // else one word ("stark" for "stop") may be the first half of "stop please": the resume timer bounds the wait
                return;
            }
            bargeIn(); // a short real interruption ("stop", "front center") whose words came after the sound
        }
        if (id == carriesTurnId && !text.isEmpty()) {
            userTurnText.setLength(0); // it heard the turn from its start
            userTurnText.append(text);
        } else if (carriesTurnId != utteranceId) {
            appendWords(userTurnText, text);
        } // else an earlier part's final, late: the utterance now open heard that part too
        if (floor.floor() instanceof Floor.AwaitingFinal) {
            userTurnEnded(now());
        } // else the user already speaks again: this text opens the same turn
    }

    private void recognitionFailed(long id, SpeechException error) {
        if (floor.ended() || (id != utteranceId && id != finishingId)) {
            return;
        }
        emit(new ProviderFailed(now(), "speech recognizer", error.getMessage()));
        if (utterance != null && id == utteranceId) {
            utterance.cancel();
            utterance = null;
            if (gate.speaking()) {
                ignoringSpeech = true;
            }
        }
        if (finishing != null && id == finishingId) {
            finishing.cancel();
            finishing = null;
        }
        Floor f = floor.floor();
        if (f instanceof Floor.AgentPaused paused && !paused.userSpeaking()) {
            resumeAgent(paused.generation());
        } else if (utterance == null && (f instanceof Floor.UserSpeaking || f instanceof Floor.UserPaused || f instanceof Floor.AwaitingFinal)) {
            if (userTurnText.length() > 0 && !(f instanceof Floor.UserSpeaking)) {
                if (!(f instanceof Floor.AwaitingFinal)) {
                    move(TurnTaker.Input.ENDPOINT_REACHED);
                }
                userTurnEnded(now());
            } else {
                userTurnText.setLength(0);
                move(TurnTaker.Input.TURN_DROPPED);
                floorFree();
            }
        }
    }

    /** The user's speech is over and its final transcript is in: who speaks next? */
    private void userTurnEnded(long sttFinalNanos) {
        String text = userTurnText.toString();
        userTurnText.setLength(0);
        AgentReply prepared = preemptive;
        boolean same = prepared != null && preemptiveWords.equals(Words.of(text));
        if (!same) {
            dropPreemptive();
        }
        preemptive = null;
        int wasted = preemptiveWasted;
        preemptiveWasted = 0;
        if (!interruption.isRealTurn(text)) {
            move(TurnTaker.Input.TURN_DROPPED);
            floorFree();
            return;
        }
        idlePrompted = false;
        history.add(ChatMessage.user(text));
        historySnapshot = List.copyOf(history);
        timings = new TurnTimings(++turns, userSpeechEndNanos, endpointNanos, sttFinalNanos);
        timings.preemptive(same, wasted);
        timings.userFramesConcealed(turnFramesConcealed);
        answeredEndpointNanos = endpointNanos;
        if (same) {
            cancel(idleTimer);
            reply = prepared;
            replyStarted(prepared.generation);
            prepared.release(); // prepared on exactly these words: heard only now, after the endpoint
        } else {
            startReply(null, List.copyOf(history));
        }
    }

    /**
     * The user paused: prepare the answer to the words so far (model and first chunk's audio), held
     * back from the output, so a confirmed endpoint with the same words answers without the model's delay.
     */
    private void prepareAnswer() {
        String text = turnWith(partialText);
        if (preemptive != null || !(floor.floor() instanceof Floor.UserPaused) || !interruption.isRealTurn(text)) {
            return;
        }
        List<ChatMessage> context = new ArrayList<>(history);
        context.add(ChatMessage.user(text));
        AgentReply next = new AgentReply(++generations, lane, providers.languageModel(), providers.synthesizer(), output,
                new SpeakableChunker(settings.firstChunkMinChars(), settings.chunkMaxChars()), true, replyEvents);
        next.hold();
        preemptive = next;
        preemptiveWords = Words.of(text);
        next.startFromModel(List.copyOf(context));
    }

    /** Cancels the prepared answer, unheard (nothing of it ever reached the output). */
    private void dropPreemptive() {
        if (preemptive != null) {
            preemptive.cancel();
            preemptive = null;
            preemptiveWasted++;
        }
    }

    /**
     * The user typed {@code text}: a user turn like a spoken one. It cuts the agent (what was heard
     * stays in the dialog), joins the turn the user is speaking, or is answered at once.
     */
    public void userText(String text) {
        String typed = Objects.requireNonNull(text, "text").strip();
        if (typed.isEmpty()) {
            throw new IllegalArgumentException("no text");
        }
        if (typed.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a text turn holds at most " + MAX_TEXT_CHARS + " characters, got " + typed.length());
        }
        lane.execute(() -> typed(typed));
    }

    private void typed(String text) {
        if (floor.ended()) {
            return;
        }
        emit(new FinalTranscript(now(), text));
        Floor f = floor.floor();
        if (f instanceof Floor.AgentPaused paused && paused.userSpeaking()) {
            bargeIn();
        }
        f = floor.floor();
        userTurnText.append(userTurnText.length() == 0 ? "" : " ").append(text);
        if (f instanceof Floor.UserSpeaking || f instanceof Floor.UserPaused || f instanceof Floor.AwaitingFinal) {
            return; // joins the turn the user is speaking
        }
        cancel(idleTimer);
        cancel(resumeTimer);
        if (f instanceof Floor.AgentPaused) {
            if (finishing != null) {
                finishing.cancel();
                finishing = null;
            }
            bargeIn();
        } else if (reply != null) {
            AgentReply stopped = reply;
            reply = null;
            stopped.cancel();
            int dropped = output.flush();
            String heard = stopped.heardText();
            rememberAgentMessage(heard);
            long at = now();
            timings.bargeIn(at, at, dropped);
            emit(new AgentInterrupted(at, stopped.generation, heard, dropped));
            emit(new TurnCompleted(at, timings.metrics()));
            move(TurnTaker.Input.TEXT_TURN);
        } else {
            move(TurnTaker.Input.TEXT_TURN);
        }
        userSpeechEndNanos = TurnMetrics.NOT_REACHED;
        endpointNanos = TurnMetrics.NOT_REACHED;
        userTurnEnded(now());
    }

    // ---- agent side ----

    /** Starts a new generation; {@code text} null means "ask the model about {@code context}" (an answer to the user). */
    private void startReply(String text, List<ChatMessage> context) {
        cancel(idleTimer);
        AgentReply next = new AgentReply(++generations, lane, providers.languageModel(), providers.synthesizer(), output,
                new SpeakableChunker(settings.firstChunkMinChars(), settings.chunkMaxChars()), text == null, replyEvents);
        reply = next;
        replyStarted(next.generation);
        if (text != null) {
            next.startFromText(text);
        } else {
            next.startFromModel(context);
        }
    }

    private final AgentReply.Events replyEvents = new AgentReply.Events() {
        @Override
        public void firstToken(AgentReply r) {
            if (r == reply) {
                timings.firstToken(now());
            }
        }

        @Override
        public void firstAudioQueued(AgentReply r) {
            if (r != reply) {
                return;
            }
            timings.firstTtsAudio(now());
            move(TurnTaker.Input.AUDIO_QUEUED);
        }

        @Override
        public void chunkStartedPlaying(AgentReply r, String text) {
            if (r != reply) {
                return;
            }
            emit(new AgentText(now(), r.generation, text));
        }

        @Override
        public void firstAudioSent(AgentReply r, long sentAtNanos) {
            if (r != reply) {
                return;
            }
            timings.firstAudioOut(sentAtNanos);
        }

        @Override
        public void finished(AgentReply r) {
            if (r != reply) {
                return;
            }
            reply = null;
            rememberAgentMessage(r.fullText());
            emit(new TurnCompleted(now(), timings.metrics()));
            replyEnded();
        }

        @Override
        public void failed(AgentReply r, String provider, SpeechException error) {
            if (r == preemptive) {
                preemptive = null; // the answer is asked again at the endpoint, where a failure is told
                return;
            }
            if (r != reply) {
                return;
            }
            reply = null;
            output.flush();
            emit(new ProviderFailed(now(), provider, error.getMessage()));
            emit(new TurnCompleted(now(), timings.metrics()));
            replyEnded();
        }
    };

    /** The reply is over; if sound over the agent had paused it, that sound's turn goes on as the user's. */
    private void replyEnded() {
        Floor f = floor.floor();
        if (f instanceof Floor.AgentHeld) {
            cancel(resumeTimer);
            resumeOutput(); // nothing is held: only the pause itself ends
        } else if (f instanceof Floor.AgentPaused) {
            cancel(resumeTimer);
            resumeOutput(); // nothing is held: only the pause itself ends
            openUserTurnWithHeardOverPause();
        }
        move(TurnTaker.Input.REPLY_ENDED);
        Floor now = floor.floor();
        if (now instanceof Floor.Free) {
            floorFree();
        } else if (now instanceof Floor.AwaitingFinal && finishing == null) {
            userTurnEnded(now()); // the sound's words were in already (and they did not interrupt)
        }
    }

    private void played(long generation, int chunk, int samples, long sentAtNanos) {
        if (!floor.ended() && reply != null && reply.generation == generation) {
            reply.played(chunk, samples, sentAtNanos);
        }
    }

    private void judgeInterruption() {
        if (!(floor.floor() instanceof Floor.AgentPaused paused) || !paused.userSpeaking()) {
            return;
        }
        long voicedMillis = (gate.lastVoiceEndNanos() - gate.onsetNanos()) / NANOS_PER_MILLI;
        if (interruption.judge(voicedMillis, withHeardOverPause(partialText)) == InterruptionPolicy.Verdict.BARGE_IN) {
            cancel(resumeTimer);
            bargeIn();
        }
    }

    /**
     * The sound over the paused agent was a real interruption: drop the held rest and give the user
     * the floor. The reply's audio already stopped at the pause, so the barge-in time is the pause's.
     */
    private void bargeIn() {
        openUserTurnWithHeardOverPause();
        AgentReply stopped = reply;
        reply = null;
        stopped.cancel();
        int dropped = output.flush();
        String heard = stopped.heardText();
        rememberAgentMessage(heard);
        timings.bargeIn(pausedOnsetNanos, pausedAtNanos, dropped);
        long at = now();
        emit(new AgentInterrupted(at, stopped.generation, heard, dropped));
        emit(new TurnCompleted(at, timings.metrics()));
        move(TurnTaker.Input.BARGE_IN);
    }

    /** The sound over the agent ended without words (or they came too late): the agent goes on from the exact sample. */
    private void resumeAgent(long generation) {
        Floor f = floor.floor();
        boolean resumable = f instanceof Floor.AgentPaused paused ? !paused.userSpeaking() && paused.generation() == generation
                : f instanceof Floor.AgentHeld held && held.generation() == generation;
        if (!resumable) {
            return;
        }
        cancel(resumeTimer);
        if (f instanceof Floor.AgentPaused && finishing != null) {
            finishing.cancel(); // words that come later than the bound are ignored
            finishing = null;
        }
        resumeOutput();
        heardOverPause.setLength(0);
        move(TurnTaker.Input.RESUME);
        emit(new AgentResumed(now(), generation, Words.count(reply.heardText())));
    }

    /**
     * Pauses the output; an output that cannot pause (the RTP bridge until it learns to) plays on,
     * and the engine decides as before, only later.
     */
    private int pauseOutput() {
        if (!pauseUnsupported) {
            try {
                return output.pause();
            } catch (UnsupportedOperationException e) {
                pauseUnsupported = true;
            }
        }
        return 0;
    }

    private void resumeOutput() {
        if (!pauseUnsupported) {
            output.resume();
        }
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
        if (!(floor.floor() instanceof Floor.Free) || says.isEmpty() || gate.speaking()) {
            return false;
        }
        String text = says.poll();
        saysWaiting.decrementAndGet();
        timings = new TurnTimings(++turns, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED);
        startReply(text, List.copyOf(history));
        return true;
    }

    // ---- limits and session end ----

    private void armIdleTimer() {
        cancel(idleTimer);
        if (callerAudible) {
            idleTimer = schedule(settings.idleTimeoutMillis(), this::idle);
        }
    }

    /** The caller's first audio: the idle clock starts now if nobody holds the floor (else when it frees). */
    private void callerAudible() {
        callerAudible = true;
        if (!closed && floor.floor() instanceof Floor.Free && !gate.speaking() && reply == null) {
            armIdleTimer();
        }
    }

    private void idle() {
        if (!(floor.floor() instanceof Floor.Free) || gate.speaking()) {
            return;
        }
        if (idlePrompted || settings.idlePrompt().isBlank()) {
            endSession(SessionEndCause.IDLE_TIMEOUT, "the user stayed silent");
            return;
        }
        idlePrompted = true;
        timings = new TurnTimings(++turns, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED);
        startReply(settings.idlePrompt(), List.copyOf(history));
    }

    private void endSession(SessionEndCause cause, String detail) {
        if (floor.ended()) {
            return;
        }
        floor.apply(TurnTaker.Input.END);
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
        if (preemptive != null) {
            preemptive.cancel();
            preemptive = null;
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
        publishState(ConversationState.LISTENING);
        emit(new SessionEnded(now(), cause, detail));
    }

    // ---- small helpers ----

    private Cancellable schedule(long millis, Runnable onLane) {
        return clock.schedule(millis * NANOS_PER_MILLI, () -> lane.execute(() -> {
            if (!floor.ended()) {
                onLane.run();
            }
        }));
    }

    /** {@code 90 s}, or {@code 1500 ms} when not whole seconds. */
    private static String describeMillis(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static void cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Applies {@code input} to the floor and tells the outside world when what it sees changed. */
    private void replyStarted(long generation) {
        move(new TurnTaker.Input.ReplyStarted(generation));
        if (!gate.speaking()) {
            vadStateStale = true;
        }
    }

    private void move(TurnTaker.Input input) {
        publishState(floor.apply(input).visibleState());
    }

    private void publishState(ConversationState next) {
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
