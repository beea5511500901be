package dev.parley.kms.media;

/**
 * One RTP stream of an endpoint's audio session, as the engine's RTP session counts it. KMS 7.1
 * reads the same counters from GStreamer's RTPSource stats (BaseRtpEndpointImpl.cpp), and this
 * record keeps their units so the protocol layer can report them as KMS does.
 *
 * @param outbound         the endpoint's own stream (KMS: an internal source), else one it receives
 * @param ssrc             the stream's SSRC, unsigned
 * @param packets          RTP packets sent (outbound) or received (inbound)
 * @param bytes            payload bytes sent or received, RTP headers excluded
 * @param packetsLost      inbound: cumulative loss in the last receiver report the endpoint sent
 *                         about this stream; outbound: in the last report the peer sent
 * @param fractionLost     the same reports' fraction lost, in 1/256 units (0-255), as RTCP carries it
 * @param jitterSeconds    inbound: interarrival jitter in seconds; 0 for outbound
 * @param roundTripSeconds outbound: round trip from the peer's last receiver report, 0 when unknown
 * @param bitrate          outbound: the session's estimate of the sending bitrate, bits per second
 * @param pliCount         PLI packets sent (inbound) or received (outbound)
 * @param firCount         FIR packets sent (inbound) or received (outbound)
 * @param nackCount        NACK packets the session sent (inbound) or received (outbound)
 */
public record RtpStreamStats(boolean outbound, long ssrc, long packets, long bytes, long packetsLost,
                             int fractionLost, double jitterSeconds, double roundTripSeconds, long bitrate,
                             long pliCount, long firCount, long nackCount) {
}
