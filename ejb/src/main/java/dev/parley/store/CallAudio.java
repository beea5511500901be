package dev.parley.store;

import dev.parley.rtp.BridgeCounters;

/**
 * A call's media quality as its RTP bridge counted it, kept with the session so an administrator
 * can tell a call that heard badly from one that was answered badly.
 *
 * @param callerPacketsReceived RTP packets of the caller's audio received
 * @param callerPacketsLost     expected minus received (RFC 3550 A.3)
 * @param callerPacketsLate     packets that came after their place had been concealed
 * @param callerPacketsConcealed packets made up by loss concealment (lost or late)
 * @param agentPacketsSent      RTP packets of the agent's audio sent, silence included
 * @param callerMaxJitterMillis the highest interarrival jitter of the caller's stream (RFC 3550's smoothed estimate);
 *                              null for a call stored before it was kept
 */
public record CallAudio(long callerPacketsReceived, long callerPacketsLost, long callerPacketsLate, long callerPacketsConcealed,
                        long agentPacketsSent, Double callerMaxJitterMillis) {

    public static CallAudio of(BridgeCounters counters) {
        return new CallAudio(counters.received(), counters.lost(), counters.late(), counters.concealed(), counters.sent(),
                counters.maxJitterMillis());
    }

    /** Lost packets as a share of those expected, in percent; 0 when none were expected. */
    public double callerLossPercent() {
        long expected = callerPacketsReceived + Math.max(0, callerPacketsLost);
        return expected == 0 ? 0 : 100.0 * Math.max(0, callerPacketsLost) / expected;
    }
}
