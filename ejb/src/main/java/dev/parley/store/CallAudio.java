package dev.parley.store;

import dev.parley.media.BrowserLegStats;
import dev.parley.rtp.BridgeCounters;

/**
 * A call's media quality as its RTP bridge counted it (the media server → Parley hop) and as the
 * media server measured the browser's leg, kept with the session so an administrator can tell a
 * call that heard badly from one that was answered badly, and a caller's network from the server.
 *
 * @param callerPacketsReceived RTP packets of the caller's audio received
 * @param callerPacketsLost     expected minus received (RFC 3550 A.3)
 * @param callerPacketsLate     packets that came after their place had been concealed
 * @param callerPacketsConcealed packets made up by loss concealment (lost or late)
 * @param agentPacketsSent      RTP packets of the agent's audio sent, silence included
 * @param callerMaxJitterMillis the highest interarrival jitter of the caller's stream (RFC 3550's smoothed estimate);
 *                              null for a call stored before it was kept
 * @param browserLeg            the browser → media server leg at the call's end, null when it was not measured
 */
public record CallAudio(long callerPacketsReceived, long callerPacketsLost, long callerPacketsLate, long callerPacketsConcealed,
                        long agentPacketsSent, Double callerMaxJitterMillis, BrowserLeg browserLeg) {

    /**
     * The browser's leg as the media server's WebRtcEndpoint measured it.
     *
     * @param packetsReceived  RTP packets of the caller's audio the media server received
     * @param packetsLost      lost on the way (RFC 3550 receiver report figure)
     * @param jitterMillis     interarrival jitter of the caller's stream
     * @param roundTripMillis  round trip to the browser from RTCP, null when unknown
     */
    public record BrowserLeg(long packetsReceived, long packetsLost, double jitterMillis, Double roundTripMillis) {

        static BrowserLeg of(BrowserLegStats stats) {
            return stats == null ? null
                    : new BrowserLeg(stats.packetsReceived(), stats.packetsLost(), stats.jitterMillis(), stats.roundTripMillis());
        }

        /** Lost packets as a share of those expected, in percent; 0 when none were expected. */
        public double lossPercent() {
            return CallAudio.lossPercent(packetsReceived, packetsLost);
        }
    }

    public CallAudio(long callerPacketsReceived, long callerPacketsLost, long callerPacketsLate, long callerPacketsConcealed,
                     long agentPacketsSent, Double callerMaxJitterMillis) {
        this(callerPacketsReceived, callerPacketsLost, callerPacketsLate, callerPacketsConcealed, agentPacketsSent, callerMaxJitterMillis, null);
    }

    public static CallAudio of(BridgeCounters counters) {
        return of(counters, null);
    }

    public static CallAudio of(BridgeCounters counters, BrowserLegStats browserLeg) {
        return new CallAudio(counters.received(), counters.lost(), counters.late(), counters.concealed(), counters.sent(),
                counters.maxJitterMillis(), BrowserLeg.of(browserLeg));
    }

    /** Lost packets as a share of those expected, in percent; 0 when none were expected. */
    public double callerLossPercent() {
        return lossPercent(callerPacketsReceived, callerPacketsLost);
    }

    private static double lossPercent(long received, long lost) {
        long expected = received + Math.max(0, lost);
        return expected == 0 ? 0 : 100.0 * Math.max(0, lost) / expected;
    }
}
