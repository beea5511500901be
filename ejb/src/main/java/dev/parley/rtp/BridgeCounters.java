package dev.parley.rtp;

/**
 * A snapshot of one bridge's counters.
 *
 * @param received             RTP packets of the negotiated payload type
 * @param lost                 expected minus received, RFC 3550 A.3 (what the RR reports; a duplicate offsets a loss)
 * @param late                 packets that arrived after their place had been concealed (dropped)
 * @param duplicates           packets seen twice (dropped)
 * @param concealed            packets made up by loss concealment
 * @param sent                 RTP packets of agent audio sent
 * @param droppedOnFlush       queued 20 ms frames dropped by flushes
 * @param flushes              flushes that found something queued
 * @param rtcpSent             RTCP datagrams sent
 * @param rtcpReceived         RTCP datagrams received
 * @param malformed            datagrams that were not valid RTP/RTCP
 * @param otherPayloadTypes    RTP packets with a payload type that was not negotiated (dropped)
 * @param sourceChanges        times the remote SSRC changed (the receive path restarts)
 * @param sendErrors           RTP/RTCP sends the socket refused (the bridge keeps going)
 * @param sendStalls           times the sending thread fell several packets behind (a starved CPU) and skipped ahead
 * @param silenceSent          RTP packets of silence sent while no agent audio was queued (the stream never pauses)
 * @param maxJitterMillis      the highest interarrival jitter of the caller's stream (RFC 3550's smoothed estimate), in ms
 */
public record BridgeCounters(long received, long lost, long late, long duplicates, long concealed, long sent, long droppedOnFlush,
                             long flushes, long rtcpSent, long rtcpReceived, long malformed, long otherPayloadTypes,
                             long sourceChanges, long sendErrors, long sendStalls, long silenceSent, double maxJitterMillis) {
}
