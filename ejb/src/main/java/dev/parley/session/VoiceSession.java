package dev.parley.session;

import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.SerialExecutor;
import dev.parley.conversation.SessionEndCause;
import dev.parley.conversation.SystemClock;
import dev.parley.media.IceCandidateMessage;
import dev.parley.media.IceSignalling;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaFailureListener;
import dev.parley.media.MediaFailureListener.MediaFailure;
import dev.parley.media.MediaServerUnavailableException;
import dev.parley.media.MediaSetupException;
import dev.parley.media.SessionMedia;
import dev.parley.rtp.BridgeCounters;
import dev.parley.rtp.RtpAudioBridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One caller's live conversation: the session's media, its RTP audio bridge and its conversation
 * engine, joined.
 *
 * <ul>
 * <li>caller audio: the bridge's 16 kHz frames, with their facts (delivery time, concealed), go straight to
 *     {@link ConversationEngine#acceptAudio}, which cuts them to its VAD's size;</li>
 * <li>agent audio: the engine speaks into a {@link BridgeAudioOutput} over the same bridge;</li>
 * <li>ending: hang-up ({@link #end}), the engine ending itself (idle, maximum duration), the media
 *     failing (server lost or restarted, media error), or the browser's audio gone for longer than
 *     {@code parley.media.client-gone-timeout-millis}, or never reaching it within
 *     {@code parley.media.no-media-timeout-millis} of the start, all end the session once: the engine stops,
 *     the media is released, the bridge closed, and {@code onEnded} hears why.</li>
 * </ul>
 */
public final class VoiceSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(VoiceSession.class.getName());

    private final String id;
    private final Consumer<VoiceSessionEnded> onEnded;
    private final ConversationListener events;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicReference<ScheduledFuture<?>> clientGoneTimer = new AtomicReference<>();
    private ScheduledExecutorService timers;
    private long clientGoneMillis;
    private long noMediaMillis;
    private ConversationEngine engine;
    private SessionMedia media;
    private String mediaServer;
    private volatile VoiceSessionEnded endedWith;

    private final long openedNanos = System.nanoTime();

    private long millisSinceOpen() {
        return (System.nanoTime() - openedNanos) / 1_000_000;
    }

    private VoiceSession(String id, ConversationListener events, Consumer<VoiceSessionEnded> onEnded) {
        this.id = id;
        this.events = events;
        this.onEnded = onEnded;
    }

    /**
     * Opens the session's bridge and media and starts its conversation. The browser negotiates
     * afterwards ({@link #answerBrowserOffer}).
     *
     * @param ice     where the media server's ICE candidates go (the signalling layer)
     * @param events  the conversation's events (captions, state), on the session's lane
     * @param onEnded hears the end once, with its cause
     * @throws MediaServerUnavailableException if the media server cannot be reached (nothing is left open)
     * @throws MediaSetupException             if building the media failed (nothing is left open)
     */
    public static VoiceSession open(String id, VoiceSessionContext context, IceSignalling ice, ConversationListener events,
                                    Consumer<VoiceSessionEnded> onEnded) {
        return open(id, context, null, ice, events, onEnded, session -> { });
    }

    /**
     * As {@link #open(String, VoiceSessionContext, IceSignalling, ConversationListener, Consumer)};
     * {@code beforeStart} sees the session once its media is built and before its conversation
     * starts, so whatever it attaches hears the conversation from its first event; the media goes
     * on the media server the context's {@link dev.parley.media.MediaServers} places it on, preferring {@code zone}.
     */
    public static VoiceSession open(String id, VoiceSessionContext context, String zone, IceSignalling ice, ConversationListener events,
                                    Consumer<VoiceSessionEnded> onEnded, Consumer<VoiceSession> beforeStart) {
        VoiceSession session = new VoiceSession(id, events, onEnded);
        session.timers = context.timers();
        session.clientGoneMillis = context.media().settings().clientGoneTimeoutMillis();
        session.noMediaMillis = context.media().settings().noMediaTimeoutMillis();
        BridgeAudioOutput output = new BridgeAudioOutput();
        ConversationEngine engine = new ConversationEngine(context.conversation(), context.providers(), output,
                new SystemClock(context.timers()), new SerialExecutor(context.lanes()), session::onConversationEvent);
        KurentoConnection server = context.media().place(zone); // before the bridge: nothing to release if none is usable
        session.mediaServer = server.displayUrl();
        RtpAudioBridge bridge;
        try {
            bridge = RtpAudioBridge.open(context.media().settings().bridge(),
                    engine::acceptAudio, output, context.bridgeThreads());
        } catch (IOException e) {
            throw new UncheckedIOException("session " + id + ": no free RTP port pair for the audio bridge", e);
        }
        output.attach(bridge);
        session.engine = engine;
        // SessionMedia closes the bridge if it fails, and owns it from here on.
        session.media = SessionMedia.open(server, id, bridge, ice, session.new MediaWatch());
        if (session.isEnded()) {
            // The media server went away while the media was being built.
            throw new MediaServerUnavailableException(session.endedWith.detail());
        }
        session.awaitFirstAudio();
        try {
            beforeStart.accept(session);
            engine.start();
        } catch (RuntimeException e) {
            session.end(SessionEndCause.CONVERSATION_ENDED, "the conversation could not start: " + e.getMessage());
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "session {0} started: bridge port {1}", id, String.valueOf(bridge.localRtpPort()));
        return session;
    }

    public String id() {
        return id;
    }

    /** Answers the browser's offer; the media server's candidates then trickle out through the session's {@link IceSignalling}. */
    public String answerBrowserOffer(String sdpOffer) {
        return media.answerBrowserOffer(sdpOffer);
    }

    public void addBrowserCandidate(IceCandidateMessage candidate) {
        media.addBrowserCandidate(candidate);
    }

    public ConversationEngine engine() {
        return engine;
    }

    public BridgeCounters bridgeCounters() {
        return media.bridge().counters();
    }

    public RtpAudioBridge bridge() {
        return media.bridge();
    }

    /** The media server the session's media is on, as it may be shown (no secret). */
    public String mediaServer() {
        return mediaServer;
    }

    public SessionMedia media() {
        return media;
    }

    public boolean isEnded() {
        return ended.get();
    }

    /** How the session ended, or null while it is live. */
    public VoiceSessionEnded endedWith() {
        return endedWith;
    }

    /** Ends the session (hang-up). */
    @Override
    public void close() {
        end(SessionEndCause.HANG_UP, "hung up");
    }

    /** Ends the session for {@code cause}: once, from any thread; releases everything before {@code onEnded} hears it. */
    public void end(SessionEndCause cause, String detail) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        endedWith = new VoiceSessionEnded(id, cause, detail, null);
        ScheduledFuture<?> goneTimer = clientGoneTimer.getAndSet(null);
        if (goneTimer != null) {
            goneTimer.cancel(false);
        }
        try {
            engine.end(cause, detail);
        } finally {
            if (media != null) {
                media.close();
            }
        }
        // Read after the close: the bridge's final counts, flushes at the end included.
        VoiceSessionEnded end = new VoiceSessionEnded(id, cause, detail, media == null ? null : bridgeCounters(),
                media == null ? null : media.browserLegAtClose());
        endedWith = end;
        BridgeCounters c = end.bridge();
        // The caller's audio counts say at once whether an unanswered call heard anything at all.
        LOG.log(System.Logger.Level.INFO, "session {0} ended after {1} ms: {2} ({3}){4}", id, String.valueOf(millisSinceOpen()), cause, detail,
                c == null ? "" : "; caller audio: " + c.received() + " RTP packets received, " + c.concealed() + " concealed, " + c.late()
                        + " late; agent audio: " + c.sent() + " sent");
        try {
            onEnded.accept(end);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the end listener of session " + id + " threw", e);
        }
    }

    /**
     * A browser that never gets its audio to the media server (no ICE or DTLS, or a client that
     * only sent {@code start}) would otherwise hold its pipeline, ports and threads until the
     * conversation's idle limit; the first FLOWING cancels this (see {@link MediaWatch}).
     */
    private void awaitFirstAudio() {
        if (noMediaMillis == 0 || ended.get()) {
            return;
        }
        ScheduledFuture<?> timer = timers.schedule(() -> end(SessionEndCause.CLIENT_GONE,
                "the browser's audio never reached the media server within " + noMediaMillis
                        + " ms of the session's start (no ICE/DTLS connection or no media)"),
                noMediaMillis, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = clientGoneTimer.getAndSet(timer);
        if (previous != null) {
            previous.cancel(false);
        }
        if (ended.get()) {
            timer.cancel(false);
        }
    }

    private void onConversationEvent(ConversationEvent event) {
        try {
            events.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a conversation listener of session " + id + " threw", e);
        }
        if (event instanceof ConversationEvent.SessionEnded sessionEnded && !ended.get()) {
            end(sessionEnded.cause(), sessionEnded.detail()); // the engine ended itself (idle, maximum duration)
        }
    }

    /** Hears the session's media: failures end the session; a browser whose audio stopped for good has gone. */
    private final class MediaWatch implements MediaFailureListener {
        @Override
        public void mediaFailed(MediaFailure failure) {
            onMediaFailure(failure);
        }

        @Override
        public void browserAudioFlowing(boolean flowing) {
            LOG.log(System.Logger.Level.INFO, "session {0}: the browser''s audio {1} the media server {2} ms after the start", id,
                    flowing ? "reaches" : "stopped reaching", String.valueOf(millisSinceOpen()));
            if (ended.get() || (!flowing && clientGoneMillis == 0)) {
                return;
            }
            // FLOWING cancels whichever timer is pending: the no-media one or a client-gone one.
            ScheduledFuture<?> next = flowing ? null : timers.schedule(() -> end(SessionEndCause.CLIENT_GONE,
                    "the browser's audio stopped reaching the media server and did not come back within " + clientGoneMillis + " ms"),
                    clientGoneMillis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> previous = clientGoneTimer.getAndSet(next);
            if (previous != null) {
                previous.cancel(false);
            }
            if (ended.get() && next != null) {
                next.cancel(false);
            }
        }
    }

    private void onMediaFailure(MediaFailure failure) {
        SessionEndCause cause = switch (failure.kind()) {
            case MEDIA_SERVER_LOST -> SessionEndCause.MEDIA_SERVER_LOST;
            case MEDIA_SERVER_RESTARTED -> SessionEndCause.MEDIA_SERVER_RESTARTED;
            case MEDIA_ERROR -> SessionEndCause.MEDIA_ERROR;
        };
        end(cause, failure.detail());
    }
}
