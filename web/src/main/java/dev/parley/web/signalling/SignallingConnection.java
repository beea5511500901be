package dev.parley.web.signalling;

import dev.parley.cluster.GridBusyException;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.SessionEndCause;
import dev.parley.media.IceCandidateMessage;
import dev.parley.media.IceSignalling;
import dev.parley.media.MediaServerAddress;
import dev.parley.media.MediaServerUnavailableException;
import dev.parley.media.MediaSetupException;
import dev.parley.session.ClientInfo;
import dev.parley.session.VoiceSessionEnded;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One admitted browser's signalling conversation: at most one voice session at a time, started by
 * {@link Start} (within the token's quota, the server's session cap and the supported languages),
 * fed with {@link ClientIce}, ended by {@link Stop}, by the socket closing or by the session itself
 * (its conversation times the admission's maximum duration: the one timer that also holds for
 * sessions opened without signalling). Every error is sent as a {@link SignallingError}; the
 * connection stays usable.
 */
final class SignallingConnection {

    private static final System.Logger LOG = System.getLogger(SignallingConnection.class.getName());
    /** A start step slower than this is logged: a browser waiting for its answer this long is a fault to find. */
    private static final long SLOW_MILLIS = 5_000;

    /**
     * What all connections share.
     *
     * @param quota     live sessions per token
     * @param slots     live sessions of the whole server
     * @param languages what {@code start.language} may ask for
     * @param opener    opens a voice session
     * @param workers   where media setup runs
     * @param perClient live sessions per client address of the connections admitted without a token (demo mode)
     */
    record Shared(SessionQuota quota, SessionSlots slots, SupportedLanguages languages, SessionOpener opener, Executor workers,
                  SessionQuota perClient) {

        /** Without a per-client bound (only token connections, or tests that do not need one). */
        Shared(SessionQuota quota, SessionSlots slots, SupportedLanguages languages, SessionOpener opener, Executor workers) {
            this(quota, slots, languages, opener, workers, new SessionQuota(Integer.MAX_VALUE));
        }
    }

    private final Shared shared;
    private final Admission admission;
    private final ClientInfo client;
    private final Consumer<ServerMessage> out;
    private final Object lock = new Object();
    private Live live; // guarded by lock

    /** One started voice session and whether its slots and end were already handled. */
    private final class Live implements IceSignalling, dev.parley.conversation.ConversationListener {
        /** The caller's zone hint (lower case), or null. */
        String zone;
        SessionHandle session; // guarded by lock; read unlocked only by the thread that set it
        /** How far its start got, for the log when the start is slow. */
        volatile String progress = "waiting for a worker";
        /** Set (under lock) when the session was ended before its media was open: the opener must end what it opens. */
        VoiceSessionEnded abandoned;
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void sendCandidate(IceCandidateMessage c) {
            out.accept(new ServerIce(new Candidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex())));
        }

        @Override
        public void gatheringDone() {
            out.accept(new ServerIce(null));
        }

        @Override
        public void onEvent(ConversationEvent event) {
            ServerMessage message = toMessage(event);
            if (message != null) {
                out.accept(message);
            }
            if (event instanceof ConversationEvent.SessionEnded ended) {
                // What the session stored wins over the engine's word (they differ only when both ended it at once).
                SessionHandle s = sessionOf(this);
                VoiceSessionEnded how = s == null ? null : s.endedWith();
                SessionEndCause cause = how == null ? ended.cause() : how.cause();
                finish(this, cause.wireName(), BrowserText.endedDetail(cause, how == null ? ended.detail() : how.detail()));
            }
        }
    }

    /**
     * @param admission what the connection was let in with (quota key, session duration limit)
     * @param client    who connected, passed on to every session it opens
     */
    SignallingConnection(Shared shared, Admission admission, ClientInfo client, Consumer<ServerMessage> out) {
        this.shared = shared;
        this.admission = admission;
        this.client = client;
        this.out = out;
    }

    /** Handles a start; answers and errors arrive later through {@code out}. Returns an immediate error or null. */
    ServerMessage start(Start start) {
        if (start.version() != null && start.version() != Protocol.VERSION) {
            return new SignallingError(SignallingError.UNSUPPORTED_VERSION,
                    "this server speaks signalling version " + Protocol.VERSION + ", the client asked for " + start.version());
        }
        String sdp = start.sdpOffer();
        if (sdp == null || !sdp.startsWith("v=0") || !sdp.contains("m=audio")) {
            return new SignallingError(SignallingError.INVALID_SDP,
                    "start.sdpOffer must be an SDP offer with an audio section (starting with \"v=0\"), got "
                            + (sdp == null ? "nothing" : "'" + abbreviate(sdp) + "'"));
        }
        if (!shared.languages().supports(start.language())) {
            return new SignallingError(SignallingError.UNSUPPORTED_LANGUAGE, "start.language '" + AccessGate.printable(abbreviate(start.language()))
                    + "' is not understood by this server's speech providers; supported: " + shared.languages().describe()
                    + " (" + SignallingSettings.LANGUAGES + ")");
        }
        Live next = new Live();
        // the portal's backend put the zone in the token: it knows where its user is better than the page does
        next.zone = admission.zone() != null ? admission.zone() : zoneHint(start.zone());
        long asked = System.nanoTime();
        synchronized (lock) {
            if (live != null) {
                return new SignallingError(SignallingError.ALREADY_STARTED, "a voice session is already running on this connection; send stop first");
            }
            ServerMessage refused;
            try {
                refused = takeSlots();
            } catch (GridBusyException e) {
                LOG.log(System.Logger.Level.WARNING, "a start was refused: {0}", e.getMessage());
                return new SignallingError(SignallingError.SERVER_BUSY, "the cluster's session counts did not answer in time; try again");
            } finally {
                long millis = (System.nanoTime() - asked) / 1_000_000;
                if (millis >= SLOW_MILLIS) {
                    LOG.log(System.Logger.Level.WARNING, "counting the live sessions for a start took {0} ms", millis);
                }
            }
            if (refused != null) {
                return refused;
            }
            live = next;
        }
        try {
            shared.workers().execute(() -> openAndAnswer(next, sdp));
        } catch (RuntimeException e) {
            // Rejected (the application is stopping): nothing will answer, so say so and free the slots.
            LOG.log(System.Logger.Level.WARNING, "a voice session could not be handed to a worker", e);
            failStart(next, SignallingError.SERVER_BUSY, "the server is not taking voice sessions now; try again later");
        }
        return null;
    }

    /**
     * Takes this start's slots: the token's, the client's, the server's. Those taken are given back
     * when a later one is refused or cannot be counted. Returns the refusal, or null when all were taken.
     */
    private ServerMessage takeSlots() {
        if (!shared.quota().tryAcquire(admission.quotaKey())) {
            return new SignallingError(SignallingError.TOO_MANY_SESSIONS,
                    "this token already holds " + shared.quota().maxPerToken() + " live voice session(s), the most it may");
        }
        boolean clientTaken = false;
        boolean allTaken = false;
        try {
            if (admission.clientKey() != null) {
                if (!shared.perClient().tryAcquire(admission.clientKey())) {
                    return new SignallingError(SignallingError.TOO_MANY_SESSIONS, "this address already holds "
                            + shared.perClient().maxPerToken() + " live voice session(s), the most a client without a widget token may ("
                            + SignallingSettings.MAX_SESSIONS_PER_CLIENT + ")");
                }
                clientTaken = true;
            }
            if (!shared.slots().tryAcquire()) {
                return new SignallingError(SignallingError.SERVER_BUSY, "the server already runs " + shared.slots().max()
                        + " voice sessions, the most it may (parley.limits.max-concurrent-sessions); try again later");
            }
            allTaken = true;
            return null;
        } finally {
            if (!allTaken) {
                shared.quota().release(admission.quotaKey());
                if (clientTaken) {
                    releaseClient();
                }
            }
        }
    }

    ServerMessage ice(ClientIce ice) {
        Candidate c = ice.candidate();
        SessionHandle session;
        synchronized (lock) {
            session = live == null ? null : live.session;
        }
        if (session == null) {
            return new SignallingError(SignallingError.NO_SESSION, "ice before the answer: send start and wait for answer first");
        }
        if (c == null || c.candidate() == null) {
            return null; // end of the browser's candidates: nothing to tell the media server
        }
        if (c.candidate().isEmpty()) {
            return null;
        }
        if (!c.candidate().startsWith("candidate:")) {
            return new SignallingError(SignallingError.INVALID_CANDIDATE, "ice.candidate.candidate must start with \"candidate:\", got '"
                    + abbreviate(c.candidate()) + "'");
        }
        try {
            session.addBrowserCandidate(new IceCandidateMessage(c.candidate(), c.sdpMid(),
                    c.sdpMLineIndex() == null ? 0 : c.sdpMLineIndex()));
        } catch (RuntimeException e) {
            return new SignallingError(SignallingError.INVALID_CANDIDATE, "the media server refused the candidate: "
                    + BrowserText.scrub(e.getMessage()));
        }
        return null;
    }

    ServerMessage stop(Stop stop) {
        Live current;
        synchronized (lock) {
            current = live;
        }
        if (current == null) {
            return new SignallingError(SignallingError.NO_SESSION, "stop without a running voice session");
        }
        end(current, SessionEndCause.HANG_UP, "hung up" + (stop.reason() == null ? "" : ": " + abbreviate(stop.reason())));
        return null;
    }

    ServerMessage text(UserText typed) {
        String text = typed.text() == null ? "" : typed.text().strip();
        if (text.isEmpty()) {
            return new SignallingError(SignallingError.MALFORMED_MESSAGE, "text.text must be a non-blank string, e.g. {\"type\":\"text\",\"text\":\"What can you do?\"}");
        }
        if (text.length() > UserText.MAX_CHARS) {
            return new SignallingError(SignallingError.TEXT_TOO_LONG, "text.text holds " + text.length() + " characters, at most "
                    + UserText.MAX_CHARS + " are taken");
        }
        Live current;
        synchronized (lock) {
            current = live;
        }
        SessionHandle session = current == null ? null : sessionOf(current);
        if (session == null) {
            return new SignallingError(SignallingError.NO_SESSION, "text without a running voice session: send start and wait for answer first");
        }
        session.userText(text);
        return null;
    }

    /** {@code start.zone} as the placement compares it; one that is no zone label is a hint not taken (any server will do). */
    private static String zoneHint(String zone) {
        try {
            return MediaServerAddress.normalizeZone(zone);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "start.zone ignored: {0}", e.getMessage());
            return null;
        }
    }

    /** The socket closed: the browser is gone. */
    void closed() {
        Live current;
        synchronized (lock) {
            current = live;
        }
        if (current != null) {
            end(current, SessionEndCause.CLIENT_GONE, "the signalling connection closed");
        }
    }

    private void openAndAnswer(Live next, String sdp) {
        long began = System.nanoTime();
        try {
            openAndAnswerOrFail(next, sdp, began);
        } catch (Error e) {
            // Nothing else would answer this start: the browser would wait for an answer that never comes.
            LOG.log(System.Logger.Level.ERROR, "opening a voice session failed", e);
            out.accept(new SignallingError(SignallingError.MEDIA_FAILED, "the voice session could not start: " + e.getClass().getSimpleName()));
            end(next, SessionEndCause.MEDIA_ERROR, "the voice session could not start");
            throw e;
        } finally {
            long millis = (System.nanoTime() - began) / 1_000_000;
            if (millis >= SLOW_MILLIS) {
                LOG.log(System.Logger.Level.WARNING, "answering a start took {0} ms ({1})", millis, next.progress);
            }
        }
    }

    private void openAndAnswerOrFail(Live next, String sdp, long began) {
        SessionHandle session;
        next.progress = "opening the session's media";
        try {
            session = shared.opener().open(next, next, client.withZone(next.zone), admission.maxSessionDuration());
        } catch (MediaServerUnavailableException e) {
            // Where the media server is and why it is down is for the operator's log (KurentoConnection logs the outage).
            LOG.log(System.Logger.Level.INFO, "a voice session could not start: {0}", e.getMessage());
            failStart(next, SignallingError.MEDIA_UNAVAILABLE, "the media server cannot be reached; try again later");
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "opening a voice session failed", e);
            failStart(next, SignallingError.MEDIA_FAILED, "the voice session could not start: " + BrowserText.scrub(e.getMessage()));
            return;
        }
        VoiceSessionEnded abandoned;
        synchronized (lock) {
            abandoned = next.abandoned;
            if (abandoned == null) {
                next.session = session;
            }
        }
        if (abandoned != null) {
            // stop or close arrived while the media was being built: ended was sent, the slots are free
            session.end(abandoned.cause(), abandoned.detail());
            return;
        }
        next.progress = "media opened after " + (System.nanoTime() - began) / 1_000_000 + " ms, then answering the offer";
        String answer;
        try {
            answer = session.answerBrowserOffer(sdp);
        } catch (MediaSetupException | IllegalArgumentException e) {
            out.accept(new SignallingError(SignallingError.INVALID_SDP, "the media server refused the offer: " + BrowserText.scrub(e.getMessage())));
            end(next, SessionEndCause.HANG_UP, "the offer was refused");
            return;
        } catch (RuntimeException e) {
            out.accept(new SignallingError(SignallingError.MEDIA_FAILED, "answering the offer failed: " + BrowserText.scrub(e.getMessage())));
            end(next, SessionEndCause.MEDIA_ERROR, "answering the offer failed");
            return;
        }
        out.accept(new Answer(session.id(), answer));
    }

    private void failStart(Live next, String code, String message) {
        out.accept(new SignallingError(code, message));
        next.finished.set(true);
        release(next);
    }

    private void end(Live current, SessionEndCause cause, String detail) {
        SessionHandle session;
        synchronized (lock) {
            session = current.session;
            if (session == null && current.abandoned == null) {
                current.abandoned = new VoiceSessionEnded(null, cause, detail);
            }
        }
        if (session != null) {
            session.end(cause, detail); // the engine's SessionEnded event then sends ended and releases
        }
        // the engine may already be closed (its SessionEnded was sent before); finish is idempotent
        finish(current, cause.wireName(), BrowserText.endedDetail(cause, detail));
    }

    private void finish(Live current, String reason, String detail) {
        if (!current.finished.compareAndSet(false, true)) {
            return;
        }
        SessionHandle session = sessionOf(current);
        release(current); // first: a client that hears ended may start again at once
        out.accept(new Ended(session == null ? null : session.id(), reason, detail));
    }

    private void release(Live current) {
        if (!current.released.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            if (live == current) {
                live = null;
            }
        }
        shared.quota().release(admission.quotaKey());
        releaseClient();
        shared.slots().release();
    }

    private void releaseClient() {
        if (admission.clientKey() != null) {
            shared.perClient().release(admission.clientKey());
        }
    }

    private SessionHandle sessionOf(Live current) {
        synchronized (lock) {
            return current.session;
        }
    }

    static ServerMessage toMessage(ConversationEvent event) {
        if (event instanceof ConversationEvent.PartialTranscript p) {
            return new TranscriptMessage(TranscriptMessage.USER, true, p.text(), p.continuesTurn());
        } else if (event instanceof ConversationEvent.FinalTranscript f) {
            return new TranscriptMessage(TranscriptMessage.USER, false, f.text(), f.continuesTurn());
        } else if (event instanceof ConversationEvent.AgentText a) {
            return new TranscriptMessage(TranscriptMessage.AGENT, false, a.text());
        } else if (event instanceof ConversationEvent.StateChanged s) {
            return new StateMessage(s.to().name().toLowerCase(Locale.ROOT));
        } else if (event instanceof ConversationEvent.AgentInterrupted i) {
            return new Interrupted(i.heardText());
        } else if (event instanceof ConversationEvent.AgentPaused) {
            return new AgentPausedMessage();
        } else if (event instanceof ConversationEvent.AgentResumed) {
            return new AgentResumedMessage();
        } else if (event instanceof ConversationEvent.TurnCompleted t) {
            return MetricsMessage.of(t.metrics());
        } else if (event instanceof ConversationEvent.ProviderFailed f) {
            return new SignallingError("provider-failed", f.provider() + ": " + BrowserText.scrub(f.message()));
        }
        return null;
    }


    private static String abbreviate(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
