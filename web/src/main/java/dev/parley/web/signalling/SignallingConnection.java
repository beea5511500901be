package dev.parley.web.signalling;

import dev.parley.conversation.ConversationEvent;
import dev.parley.media.IceCandidateMessage;
import dev.parley.media.IceSignalling;
import dev.parley.media.MediaServerUnavailableException;
import dev.parley.media.MediaSetupException;
import dev.parley.session.ClientInfo;
import dev.parley.session.SessionEndCause;
import dev.parley.session.VoiceSession;
import dev.parley.session.VoiceSessionEnded;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One browser's signalling conversation: at most one voice session at a time, started by
 * {@link Start}, fed with {@link ClientIce}, ended by {@link Stop} or by the socket closing.
 * Every error is sent as a {@link SignallingError}; the connection stays usable.
 */
final class SignallingConnection {

    private static final System.Logger LOG = System.getLogger(SignallingConnection.class.getName());

    private final String token;
    private final SessionQuota quota;
    private final SessionOpener opener;
    private final Executor workers;
    private final Consumer<ServerMessage> out;
    private final Object lock = new Object();
    private Live live; // guarded by lock

    /** One started voice session and whether its quota slot and end were already handled. */
    private final class Live implements IceSignalling, dev.parley.conversation.ConversationListener {
        volatile VoiceSession session;
        final AtomicBoolean finished = new AtomicBoolean();

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
                VoiceSession s = session;
                VoiceSessionEnded how = s == null ? null : s.endedWith();
                finish(this, how == null ? reasonOf(ended) : reasonOf(how.cause()),
                        how == null ? ended.detail() : how.detail());
            }
        }
    }

    SignallingConnection(String token, SessionQuota quota, SessionOpener opener, Executor workers, Consumer<ServerMessage> out) {
        this.token = token;
        this.quota = quota;
        this.opener = opener;
        this.workers = workers;
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
        Live next = new Live();
        synchronized (lock) {
            if (live != null) {
                return new SignallingError(SignallingError.ALREADY_STARTED, "a voice session is already running on this connection; send stop first");
            }
            if (!quota.tryAcquire(token)) {
                return new SignallingError(SignallingError.TOO_MANY_SESSIONS,
                        "this token already holds " + quota.maxPerToken() + " live voice session(s), the most it may");
            }
            live = next;
        }
        workers.execute(() -> openAndAnswer(next, sdp));
        return null;
    }

    ServerMessage ice(ClientIce ice) {
        Candidate c = ice.candidate();
        Live current;
        synchronized (lock) {
            current = live;
        }
        if (current == null || current.session == null) {
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
            current.session.addBrowserCandidate(new IceCandidateMessage(c.candidate(), c.sdpMid(),
                    c.sdpMLineIndex() == null ? 0 : c.sdpMLineIndex()));
        } catch (RuntimeException e) {
            return new SignallingError(SignallingError.INVALID_CANDIDATE, "the media server refused the candidate: " + e.getMessage());
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
        VoiceSession session;
        try {
            session = opener.open(next, next, ClientInfo.UNKNOWN);
        } catch (MediaServerUnavailableException e) {
            failStart(next, SignallingError.MEDIA_UNAVAILABLE, "the media server cannot be reached: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "opening a voice session failed", e);
            failStart(next, SignallingError.MEDIA_FAILED, "the voice session could not start: " + e.getMessage());
            return;
        }
        next.session = session;
        String answer;
        try {
            answer = session.answerBrowserOffer(sdp);
        } catch (MediaSetupException | IllegalArgumentException e) {
            out.accept(new SignallingError(SignallingError.INVALID_SDP, "the media server refused the offer: " + e.getMessage()));
            end(next, SessionEndCause.HANG_UP, "the offer was refused");
            return;
        } catch (RuntimeException e) {
            out.accept(new SignallingError(SignallingError.MEDIA_FAILED, "answering the offer failed: " + e.getMessage()));
            end(next, SessionEndCause.MEDIA_ERROR, "answering the offer failed");
            return;
        }
        out.accept(new Answer(session.id(), answer));
    }

    private void failStart(Live next, String code, String message) {
        out.accept(new SignallingError(code, message));
        release(next);
    }

    private void end(Live current, SessionEndCause cause, String detail) {
        VoiceSession session = current.session;
        if (session != null) {
            session.end(cause, detail); // the engine's SessionEnded event then sends ended and releases
            // the engine may already be closed (its SessionEnded was sent before); finish is idempotent
            finish(current, reasonOf(cause), detail);
        } else {
            finish(current, reasonOf(cause), detail);
        }
    }

    private void finish(Live current, String reason, String detail) {
        if (!current.finished.compareAndSet(false, true)) {
            return;
        }
        VoiceSession session = current.session;
        out.accept(new Ended(session == null ? null : session.id(), reason, detail));
        release(current);
    }

    private void release(Live current) {
        synchronized (lock) {
            if (live == current) {
                live = null;
            }
        }
        quota.release(token);
    }

    static ServerMessage toMessage(ConversationEvent event) {
        if (event instanceof ConversationEvent.PartialTranscript p) {
            return new TranscriptMessage(TranscriptMessage.USER, true, p.text());
        } else if (event instanceof ConversationEvent.FinalTranscript f) {
            return new TranscriptMessage(TranscriptMessage.USER, false, f.text());
        } else if (event instanceof ConversationEvent.AgentText a) {
            return new TranscriptMessage(TranscriptMessage.AGENT, false, a.text());
        } else if (event instanceof ConversationEvent.StateChanged s) {
            return new StateMessage(s.to().name().toLowerCase(Locale.ROOT));
        } else if (event instanceof ConversationEvent.AgentInterrupted i) {
            return new Interrupted(i.heardText());
        } else if (event instanceof ConversationEvent.TurnCompleted t) {
            return MetricsMessage.of(t.metrics());
        } else if (event instanceof ConversationEvent.ProviderFailed f) {
            return new SignallingError("provider-failed", f.provider() + ": " + f.message());
        }
        return null;
    }

    static String reasonOf(SessionEndCause cause) {
        return cause.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String reasonOf(ConversationEvent.SessionEnded ended) {
        return ended.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
