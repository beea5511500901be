package dev.parley.media;

import dev.parley.media.MediaFailureListener.Kind;
import dev.parley.media.MediaFailureListener.MediaFailure;
import dev.parley.rtp.RtpAudioBridge;
import org.kurento.client.EventListener;
import org.kurento.client.ErrorEvent;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.ListenerSubscription;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's media in the media server, and its link to the session's RTP audio bridge.
 *
 * <pre>
 *   browser ⇄ WebRtcEndpoint ──AUDIO──▶ RtpEndpoint ⇄ RtpAudioBridge (Parley)
 *                    ▲──────────AUDIO────────┘
 * </pre>
 *
 * <p>{@link #open} builds it all or nothing: the pipeline, the browser's WebRtcEndpoint (STUN/TURN
 * applied, every listener registered before any candidate can be gathered), the agent's
 * RtpEndpoint answering the bridge's SDP offer, the bridge started on that answer, and the
 * recording when configured. {@link #answerBrowserOffer} and {@link #addBrowserCandidate} carry
 * the browser's negotiation; local candidates go out through {@link IceSignalling}.
 *
 * <p>Released on every path, once: {@link #close()} (hang-up, errors, shutdown) removes the
 * listeners, stops the recording, releases the pipeline and closes the bridge; when the media
 * server is gone, {@link KurentoConnection} abandons it instead (no calls to a dead server) and
 * releases the pipeline if the same server comes back. A session's failure is reported once to
 * its {@link MediaFailureListener}.
 */
public final class SessionMedia implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SessionMedia.class.getName());

    private final KurentoConnection connection;
    private final String sessionId;
    private final MediaPipeline pipeline;
    private final RtpAudioBridge bridge;
    private final IceSignalling ice;
    private final MediaFailureListener failures;
    private final List<Runnable> unsubscribe = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private WebRtcEndpoint browser;
    private volatile BrowserLegStats browserLegAtClose;
    private RtpEndpoint agent;
    private SessionRecording recording;

    private SessionMedia(KurentoConnection connection, String sessionId, MediaPipeline pipeline, RtpAudioBridge bridge, IceSignalling ice,
                         MediaFailureListener failures) {
        this.connection = connection;
        this.sessionId = sessionId;
        this.pipeline = pipeline;
        this.bridge = bridge;
        this.ice = ice;
        this.failures = failures;
    }

    /**
     * Builds the session's pipeline and starts {@code bridge} on the RtpEndpoint's answer. The media
     * then owns the bridge and closes it with everything else.
     *
     * @throws MediaServerUnavailableException if the media server cannot be reached (the bridge is closed)
     * @throws MediaSetupException             if a step fails (everything built so far is released)
     */
    public static SessionMedia open(KurentoConnection connection, String sessionId, RtpAudioBridge bridge, IceSignalling ice,
                                    MediaFailureListener failures) {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(failures, "failures");
        KurentoClient client;
        MediaPipeline pipeline;
        try {
            client = connection.client();
            pipeline = client.createMediaPipeline();
        } catch (MediaServerUnavailableException e) {
            bridge.close();
            throw e;
        } catch (RuntimeException e) {
            bridge.close();
            throw new MediaServerUnavailableException("cannot create a pipeline on the media server at " + connection.displayUrl() + ": "
                    + KurentoConnection.rootCause(e), e);
        }
        SessionMedia media = new SessionMedia(connection, sessionId, pipeline, bridge, ice, failures);
        try {
            media.build(connection.settings());
        } catch (RuntimeException e) {
            media.close();
            throw new MediaSetupException("building the media of session " + sessionId + " failed: " + KurentoConnection.rootCause(e), e);
        }
        connection.track(media);
        return media;
    }

    private void build(MediaSettings settings) {
        subscribe(pipeline.addErrorListener(fatal("MediaPipeline")), pipeline::removeErrorListener);

        browser = new WebRtcEndpoint.Builder(pipeline).build();
        IceServerSettings servers = settings.iceServers();
        if (servers.hasStun()) {
            browser.setStunServerAddress(servers.stunServerAddress());
            browser.setStunServerPort(servers.stunServerPort());
        }
        if (servers.hasTurn()) {
            browser.setTurnUrl(servers.turnUrl());
        }
        // Before processOffer/gatherCandidates: a candidate found before its listener exists is lost.
        subscribe(browser.addIceCandidateFoundListener(e -> {
            if (!closed.get()) {
                IceCandidate c = e.getCandidate();
                signal(() -> ice.sendCandidate(new IceCandidateMessage(c.getCandidate(), c.getSdpMid(), c.getSdpMLineIndex())));
            }
        }), browser::removeIceCandidateFoundListener);
        subscribe(browser.addIceGatheringDoneListener(e -> {
            if (!closed.get()) {
                signal(ice::gatheringDone);
            }
        }), browser::removeIceGatheringDoneListener);
        subscribe(browser.addErrorListener(fatal("WebRtcEndpoint")), browser::removeErrorListener);
        // The browser's audio is what its WebRtcEndpoint pushes OUT into the pipeline (KMS's
        // MediaFlowOut); MediaFlowIn there is the agent's audio on its way to the browser, which
        // pauses whenever the agent is silent and says nothing about the caller.
        subscribe(browser.addMediaFlowOutStateChangedListener(e -> {
            if (!closed.get() && e.getMediaType() == MediaType.AUDIO) {
                failures.browserAudioFlowing(e.getState() == MediaFlowState.FLOWING);
            }
        }), browser::removeMediaFlowOutStateChangedListener);

        agent = new RtpEndpoint.Builder(pipeline).build();
        subscribe(agent.addErrorListener(fatal("RtpEndpoint")), agent::removeErrorListener);

        browser.connect(agent, MediaType.AUDIO);
        agent.connect(browser, MediaType.AUDIO);
        if (settings.recording().enabled()) {
            recording = SessionRecording.attach(pipeline, browser, agent, settings.recording().fileUri(sessionId), unsubscribe);
        }
        bridge.start(agent.processOffer(bridge.sdpOffer()));
    }

    /** The signalling layer's bug must not kill the Kurento client's event thread. */
    private void signal(Runnable toBrowser) {
        try {
            toBrowser.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the signalling of session " + sessionId + " failed to take an ICE message", e);
        }
    }

    private interface Remover {
        void remove(ListenerSubscription subscription);
    }

    private void subscribe(ListenerSubscription subscription, Remover remover) {
        unsubscribe.add(() -> remover.remove(subscription));
    }

    private EventListener<ErrorEvent> fatal(String element) {
        return e -> {
            String detail = "the media server reported an error on the session's " + element + ": " + e.getDescription()
                    + " (" + e.getType() + ", code " + e.getErrorCode() + ")";
            closeAfter(new MediaFailure(Kind.MEDIA_ERROR, detail));
        };
    }

    /**
     * Answers the browser's SDP offer and starts gathering the media server's candidates, which
     * then trickle out through {@link IceSignalling}.
     *
     * @throws MediaSetupException if the media server rejects the offer (the message says why)
     */
    public String answerBrowserOffer(String sdpOffer) {
        requireOpen();
        try {
            String answer = browser.processOffer(sdpOffer);
            browser.gatherCandidates();
            return answer;
        } catch (RuntimeException e) {
            throw new MediaSetupException("the media server did not accept the browser's SDP offer for session " + sessionId + ": "
                    + KurentoConnection.rootCause(e), e);
        }
    }

    /** A candidate from the browser; ones that arrive before the offer are queued by the media server. */
    public void addBrowserCandidate(IceCandidateMessage candidate) {
        requireOpen();
        try {
            browser.addIceCandidate(new IceCandidate(candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex()));
        } catch (RuntimeException e) {
            throw new MediaSetupException("the media server rejected a browser ICE candidate for session " + sessionId + ": "
                    + KurentoConnection.rootCause(e), e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the media of session " + sessionId + " is already released");
        }
    }

    public String sessionId() {
        return sessionId;
    }

    public RtpAudioBridge bridge() {
        return bridge;
    }

    /** The recording's URI, when recording is enabled for this session. */
    public Optional<String> recordingUri() {
        return Optional.ofNullable(recording).map(SessionRecording::uri);
    }

    public boolean isClosed() {
        return closed.get();
    }

    MediaPipeline pipeline() {
        return pipeline;
    }

    /** The browser leg's statistics, read as the session closed; null before, or when they could not be read. */
    public BrowserLegStats browserLegAtClose() {
        return browserLegAtClose;
    }

    /** Releases everything (hang-up, shutdown); safe to call twice and from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connection.untrack(this);
        try {
            if (connection.state() == KurentoConnection.State.CONNECTED) {
                browserLegAtClose = readBrowserLeg();
                stopRecording();
                removeListeners();
            }
            connection.release(pipeline);
        } finally {
            bridge.close();
        }
    }

    /** Releases everything because of {@code failure}, then reports it. */
    void closeAfter(MediaFailure failure) {
        if (closed.get()) {
            return;
        }
        close();
        report(failure);
    }

    /**
     * The media server is gone: close the bridge and report, without a call to the server (the
     * connection decides what becomes of the pipeline).
     */
    void abandon(MediaFailure failure) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        unsubscribe.clear();
        bridge.close();
        report(failure);
    }

    private void report(MediaFailure failure) {
        LOG.log(System.Logger.Level.WARNING, "media of session {0} ended: {1}", sessionId, failure.detail());
        try {
            failures.mediaFailed(failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the media failure listener of session " + sessionId + " threw", e);
        }
    }

    /** One request to the media server, before the pipeline goes: a failure costs the figures, never the release. */
    private BrowserLegStats readBrowserLeg() {
        if (browser == null) {
            return null;
        }
        try {
            return BrowserLegStats.of(browser.getStats(MediaType.AUDIO)).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "reading the browser leg''s statistics of session {0} failed: {1}", sessionId,
                    KurentoConnection.rootCause(e));
            return null;
        }
    }

    private void stopRecording() {
        if (recording != null) {
            try {
                recording.stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the recording {0} failed: {1}", recording.uri(), KurentoConnection.rootCause(e));
            }
        }
    }

    private void removeListeners() {
        List<Runnable> removers = new ArrayList<>(unsubscribe);
        unsubscribe.clear();
        for (Runnable remover : removers) {
            try {
                remover.run();
            } catch (RuntimeException e) {
                // The element may already be gone (an error released it); the pipeline release below covers it.
                LOG.log(System.Logger.Level.DEBUG, "removing a listener of session {0} failed: {1}", sessionId, KurentoConnection.rootCause(e));
            }
        }
    }
}
