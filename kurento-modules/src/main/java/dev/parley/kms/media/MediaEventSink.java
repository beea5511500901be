package dev.parley.kms.media;

/**
 * What the engine tells the protocol layer about an element's media. The protocol layer turns
 * these into Kurento events (and decides which are real transitions worth sending). Calls may
 * come from any GStreamer thread and must not block. Endpoints with ICE report more through
 * {@link IceEventSink}.
 */
public interface MediaEventSink {

    /** Audio buffers started (true) or stopped for about two seconds (false) arriving at the element's input. */
    void mediaFlowIn(boolean flowing);

    /** Audio buffers started or stopped leaving the element's output stage. */
    void mediaFlowOut(boolean flowing);

    /** RTCP-driven media state (BaseRtpEndpoint MediaStateChanged). */
    void mediaStateChanged(boolean connected);

    /** Transport connection state (BaseRtpEndpoint ConnectionStateChanged). */
    void connectionStateChanged(boolean connected);

    /** An asynchronous element error, reported as a Kurento Error event. */
    void error(String type, int errorCode, String description);
}
