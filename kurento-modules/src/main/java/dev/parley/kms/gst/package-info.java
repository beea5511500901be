/**
 * The GStreamer media engine behind the Kurento protocol layer ({@link dev.parley.kms.gst.GstMediaEngine}).
 *
 * <pre>
 *  MediaPipeline ──▶ GstPipeline: the elements created in it
 *
 *  each element = its own GStreamer pipeline, bounded by raw audio (48 kHz S16LE stereo):
 *
 *    linked sources ──push──▶ appsrc "in" ─▶ [element media] ─▶ appsink "out" ──▶ linked sinks
 *
 *    PassThrough:    in ─▶ queue ─▶ out
 *    WebRtcEndpoint: in ─▶ encode (Opus|PCMU) ─▶ webrtcbin ─▶ decode ─▶ out      (ICE, DTLS-SRTP, BUNDLE, rtcp-mux)
 *    RtpEndpoint:    in ─▶ encode ─▶ rtpbin ─▶ udpsink (RTP even port, RTCP odd port)
 *                    udpsrc (same sockets) ─▶ rtpbin ─▶ decode ─▶ out
 * </pre>
 *
 * <p>Links between elements are a Java fan-out from one element's appsink to the others'
 * appsrcs, so connect/disconnect never touches a running GStreamer graph, self-connection
 * (echo) is just another link, and media-flow events are counted where KMS counts them. Between
 * an element that receives Opus and one that sends it the link carries the Opus packets instead
 * ({@code out-opus} appsink to {@code in-opus} appsrc), and the source decodes only while a sink
 * needs raw audio: KMS's agnosticbin transcodes only where codecs differ.
 *
 * <p>Threads: graph changes and negotiation run on one dedicated thread ({@code GstThread})
 * whose callers block, webrtcbin promises are awaited there (never on webrtcbin's own thread),
 * media-flow checks run on one timer thread; GStreamer's streaming threads only copy buffers and
 * report events, and never wait on either.
 *
 * <p>Native calls gst1-java-core lacks or gets wrong are made through JNA: libnice local
 * addresses (127.0.0.1 always, which libnice never gathers by itself) and ICE signals, GIO
 * sockets bound without SO_REUSEADDR for RTP port pairs, and SDP/session-description/promise
 * handling (gst1-java-core's wrappers double-free SDP memory and fail on empty promise replies).
 *
 * <p>Known differences from KMS 7.1 (media side):
 * <ul>
 *   <li>Audio only: video (and data-channel) m-lines are answered rejected (port 0); own offers
 *       carry a disabled (port 0) video m-line when video is asked for.</li>
 *   <li>WebRTC answers carry one audio codec (the first Opus or PCMU in the offer, with the
 *       offer's payload type); RTP answers list every supported offered format in offer order
 *       but decode only the first. Own WebRTC offers carry Opus only (PT 96).</li>
 *   <li>An RtpEndpoint's {@code c=} address is the first non-loopback IPv4 address of the
 *       configured interfaces, or 127.0.0.1 when the host has only loopback (KMS would fail).</li>
 *   <li>WebRTC MediaStateChanged follows incoming media flow (CONNECTED when decoded audio
 *       flows, DISCONNECTED when it stops), not RTCP; RtpEndpoint's follows rtpbin's RTCP
 *       (on-ssrc-active, bye, timeout).</li>
 *   <li>All WebRtcEndpoints of a process share GStreamer's one self-signed DTLS certificate;
 *       COMEDIA ({@code a=direction:active}) is answered but addresses are not learnt from packets.</li>
 * </ul>
 */
package dev.parley.kms.gst;
