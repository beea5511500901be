package dev.parley.kms.elements;

import com.google.gson.JsonObject;
import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaElement;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.Operations;
import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.RecorderListener;
import dev.parley.kms.media.RecorderMedia;
import dev.parley.kms.media.RecordingFile;
import dev.parley.kms.protocol.KurentoException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Kurento's RecorderEndpoint (kurento-behaviour §3.6): states STOP, START, PAUSE; events
 * Recording, Paused, Stopped and UriEndpointStateChanged; no restart after a stop (record() then
 * only logs, and succeeds); stopAndWait waits up to 4 s and never fails; releasing a recorder that
 * is not stopped stops it and waits first, so the file is always finalised. Records Opus in WebM
 * for WEBM and WEBM_AUDIO_ONLY; with WEBM only the audio track is written (no video is carried).
 */
public final class RecorderEndpoint extends MediaElement {
    private static final Logger LOG = System.getLogger(RecorderEndpoint.class.getName());
    /** KMS's stopAndWait bound. */
    static final Duration STOP_WAIT = Duration.ofSeconds(4);
    private static final Set<MediaProfileSpecType> SUPPORTED = Set.of(MediaProfileSpecType.WEBM, MediaProfileSpecType.WEBM_AUDIO_ONLY);

    /** Kurento's MediaProfileSpecType enum. */
    enum MediaProfileSpecType {
        WEBM, MKV, MP4, WEBM_VIDEO_ONLY, WEBM_AUDIO_ONLY, MKV_VIDEO_ONLY, MKV_AUDIO_ONLY, MP4_VIDEO_ONLY,
        MP4_AUDIO_ONLY, JPEG_VIDEO_ONLY, KURENTO_SPLIT_RECORDER, FLV
    }

    /** Kurento's UriEndpointState enum. */
    enum UriEndpointState { STOP, START, PAUSE }

    private final String uri;
    private final RecorderMedia media;
    private final Object stateLock = new Object();
    private UriEndpointState state = UriEndpointState.STOP;
    private boolean finished;

    private RecorderEndpoint(MediaPipeline pipeline, String uri, RecordingFile file, ObjectContext context) {
        super("RecorderEndpoint", pipeline, context.events());
        this.uri = uri;
        this.media = pipeline.media().createRecorder(id(), file, new Listener(), engineEvents());
    }

    /** The factory, with relative uris resolved under {@code defaultPath}, refused (40107) outside {@code roots}. */
    public static RecorderEndpoint create(Call call, ObjectContext context, String defaultPath, RecordingRoots roots) {
        MediaPipeline pipeline = call.object("mediaPipeline", MediaPipeline.class);
        String uri = call.params().requiredString("uri");
        MediaProfileSpecType profile = call.params().optionalEnum("mediaProfile", MediaProfileSpecType.class,
                MediaProfileSpecType.WEBM);
        // Accepted as KMS does: live sources never end, so there is no end of stream to stop on.
        call.params().optionalBoolean("stopOnEndOfStream", false);
        if (!SUPPORTED.contains(profile)) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, "Media profile " + profile
                    + " is not supported by this media server: it records Opus audio in WebM (WEBM or WEBM_AUDIO_ONLY)");
        }
        // Judged before anything exists: a refused uri creates no element, file or directory.
        Path file = roots.confine(RecorderUri.resolve(uri, defaultPath), uri);
        return new RecorderEndpoint(pipeline, uri, new RecordingFile(file, profile.name()), context);
    }

    @Override
    public String typeName() {
        return "RecorderEndpoint";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.UriEndpoint", "kurento.Endpoint", "kurento.MediaElement", "kurento.MediaObject");
    }

    @Override
    protected ElementMedia media() {
        return media;
    }

    void record() {
        synchronized (stateLock) {
            if (finished) {
                // KMS logs the GError and answers success (UriEndpointImpl).
                LOG.log(Level.ERROR, () -> "recorder " + id() + ": record() after stop is ignored; a stopped recorder cannot restart");
                return;
            }
            if (state == UriEndpointState.START) {
                return;
            }
            state = UriEndpointState.START;
        }
        media.record();
    }

    void pause() {
        synchronized (stateLock) {
            if (state != UriEndpointState.START) {
                return;
            }
            state = UriEndpointState.PAUSE;
        }
        media.pause();
        stateChanged(UriEndpointState.PAUSE);
        emit("Paused");
    }

    /** Moves to STOP for good; false if it was stopped already (nothing to finalise). */
    private boolean markStopped() {
        synchronized (stateLock) {
            boolean wasRecording = state != UriEndpointState.STOP;
            state = UriEndpointState.STOP;
            finished = finished || wasRecording;
            return wasRecording;
        }
    }

    void stop() {
        if (markStopped()) {
            media.stop();
        }
    }

    void stopAndWait() {
        if (markStopped()) {
            media.stopAndWait(STOP_WAIT);
        }
    }

    private UriEndpointState state() {
        synchronized (stateLock) {
            return state;
        }
    }

    private void stateChanged(UriEndpointState newState) {
        JsonObject fields = new JsonObject();
        fields.addProperty("state", newState.name());
        emit("UriEndpointStateChanged", fields);
    }

    /** KMS stops (and waits for) a recorder that is released while recording, so the file is complete. */
    @Override
    protected void onRelease() {
        stopAndWait();
        super.onRelease();
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.addAll(List.of("UriEndpointStateChanged", "Recording", "Paused", "Stopped"));
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.getter("uri", () -> uri);
        ops.getter("state", () -> state().name());
        ops.onVoid("record", call -> record());
        ops.onVoid("pause", call -> pause());
        ops.onVoid("stop", call -> stop());
        ops.onVoid("stopAndWait", call -> stopAndWait());
    }

    /** Engine reports, turned into Kurento events. */
    private final class Listener implements RecorderListener {
        @Override
        public void recording() {
            if (state() == UriEndpointState.START) {
                stateChanged(UriEndpointState.START);
                emit("Recording");
            }
        }

        @Override
        public void stopped() {
            stateChanged(UriEndpointState.STOP);
            emit("Stopped");
        }
    }
}
