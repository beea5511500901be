package dev.parley.kms.media;

/** The media of one MediaPipeline: a GStreamer pipeline holding its elements. */
public interface PipelineMedia extends AutoCloseable {

    WebRtcMedia createWebRtcEndpoint(String elementId, WebRtcOptions options, IceEventSink events);

    RtpMedia createRtpEndpoint(String elementId, RtpOptions options, MediaEventSink events);

    ElementMedia createPassThrough(String elementId, MediaEventSink events);

    /** A recorder writing its audio input to {@code file}; nothing is opened before {@code record()}. */
    default RecorderMedia createRecorder(String elementId, RecordingFile file, RecorderListener listener,
                                         MediaEventSink events) {
        throw new MediaException(ErrorCode.MEDIA_OBJECT_NOT_AVAILABLE, "this media engine cannot record");
    }

    /** A player of {@code uri} (a {@code file://} or {@code http(s)://} uri); nothing is opened before {@code play()}. */
    default PlayerMedia createPlayer(String elementId, String uri, PlayerListener listener, MediaEventSink events) {
        throw new MediaException(ErrorCode.MEDIA_OBJECT_NOT_AVAILABLE, "this media engine cannot play");
    }

    /** A mixing hub (Composite); its ports come from {@link #createHubPort}. */
    default HubMedia createComposite(String hubId) {
        throw new MediaException(ErrorCode.MEDIA_OBJECT_NOT_AVAILABLE, "this media engine cannot mix");
    }

    /** A port on {@code hub}: its input joins the mix, its output is the mix of every other port. */
    default ElementMedia createHubPort(String portId, HubMedia hub, MediaEventSink events) {
        throw new MediaException(ErrorCode.MEDIA_OBJECT_NOT_AVAILABLE, "this media engine cannot mix");
    }

    /** Releases the pipeline and every element still in it. Idempotent. */
    @Override
    void close();
}
