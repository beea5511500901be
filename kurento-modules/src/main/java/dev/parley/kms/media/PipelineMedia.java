package dev.parley.kms.media;

/** The media of one MediaPipeline: a GStreamer pipeline holding its elements. */
public interface PipelineMedia extends AutoCloseable {

    WebRtcMedia createWebRtcEndpoint(String elementId, WebRtcOptions options, MediaEventSink events);

    RtpMedia createRtpEndpoint(String elementId, RtpOptions options, MediaEventSink events);

    ElementMedia createPassThrough(String elementId, MediaEventSink events);

    /** Releases the pipeline and every element still in it. Idempotent. */
    @Override
    void close();
}
