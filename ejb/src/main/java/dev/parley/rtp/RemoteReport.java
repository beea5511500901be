package dev.parley.rtp;

import dev.parley.rtp.packet.ReportBlock;

/**
 * What the far side last reported about the bridge's own stream.
 *
 * @param block           its report block on the bridge's SSRC
 * @param roundTripNanos  RFC 3550 §6.4.1 round trip from LSR/DLSR, or -1 if the far side had no SR of ours yet
 * @param receivedNanos   monotonic time the report arrived
 */
public record RemoteReport(ReportBlock block, long roundTripNanos, long receivedNanos) {
}
