package dev.parley.media;

import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's recording: both voices mixed into a WebM file with one Opus track.
 *
 * <pre>
 *   WebRtcEndpoint (user)  ──AUDIO──▶ HubPort ─┐
 *                                               Composite ──▶ HubPort ──AUDIO──▶ RecorderEndpoint (WEBM_AUDIO_ONLY)
 *   RtpEndpoint (agent)    ──AUDIO──▶ HubPort ─┘
 * </pre>
 *
 * <p>Every connection names AUDIO: a recorder waits for every media type connected to it, so a
 * default (audio+video) connection from an audio-only source would stall it. {@code record()} is
 * called once the recorder's input flows, as Kurento advises; a recorder error is logged and never
 * ends the call. The recorder port hears the sum of the other ports, i.e. both voices.
 */
final class SessionRecording {

    private static final System.Logger LOG = System.getLogger(SessionRecording.class.getName());

    private final RecorderEndpoint recorder;
    private final String uri;
    private final AtomicBoolean recording = new AtomicBoolean();

    private SessionRecording(RecorderEndpoint recorder, String uri) {
        this.recorder = recorder;
        this.uri = uri;
    }

    /** Builds the mix and the recorder inside {@code pipeline}; what it subscribes to is added to {@code unsubscribe}. */
    static SessionRecording attach(MediaPipeline pipeline, WebRtcEndpoint user, RtpEndpoint agent, String uri, List<Runnable> unsubscribe) {
        Composite mix = new Composite.Builder(pipeline).build();
        HubPort userPort = new HubPort.Builder(mix).build();
        HubPort agentPort = new HubPort.Builder(mix).build();
        HubPort recorderPort = new HubPort.Builder(mix).build();
        RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, uri).withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
        SessionRecording recording = new SessionRecording(recorder, uri);
        var flow = recorder.addMediaFlowInStateChangedListener(e -> {
            if (e.getState() == MediaFlowState.FLOWING && e.getMediaType() == MediaType.AUDIO) {
                recording.start();
            }
        });
        unsubscribe.add(() -> recorder.removeMediaFlowInStateChangedListener(flow));
        var errors = recorder.addErrorListener(e -> LOG.log(System.Logger.Level.WARNING, "recording {0} failed: {1} ({2})",
                uri, e.getDescription(), e.getType()));
        unsubscribe.add(() -> recorder.removeErrorListener(errors));
        user.connect(userPort, MediaType.AUDIO);
        agent.connect(agentPort, MediaType.AUDIO);
        recorderPort.connect(recorder, MediaType.AUDIO);
        return recording;
    }

    private void start() {
        if (recording.compareAndSet(false, true)) {
            recorder.record();
            LOG.log(System.Logger.Level.INFO, "recording to {0}", uri);
        }
    }

    String uri() {
        return uri;
    }

    boolean started() {
        return recording.get();
    }

    /** Finishes the file (waits up to the media server's own limit, 4 s in Kurento) if recording began. */
    void stop() {
        if (recording.get()) {
            recorder.stopAndWait();
        }
    }
}
