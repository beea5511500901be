package dev.parley.media;

import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.RTCOutboundRTPStreamStats;
import org.kurento.client.Stats;

import java.util.Map;
import java.util.Optional;

/**
 * The browser's side of a call as the media server measured it on the browser's WebRtcEndpoint
 * (its {@code getStats}): what the caller's network did to their audio on the way in, and the
 * round trip RTCP saw. The RTP bridge's own counters say nothing about that leg: they count the
 * media server → Parley hop.
 *
 * @param packetsReceived RTP packets of the caller's audio the media server received
 * @param packetsLost     packets lost on the way, as its receiver reports say (RFC 3550; may be -1 without loss)
 * @param jitterMillis    the interarrival jitter of the caller's stream, RFC 3550's estimate
 * @param roundTripMillis the round trip to the browser from RTCP, null when no report carried one
 */
public record BrowserLegStats(long packetsReceived, long packetsLost, double jitterMillis, Double roundTripMillis) {

    /**
     * The browser leg of a WebRtcEndpoint's {@code getStats(AUDIO)} report; empty when it has no
     * inbound RTP stream (the browser's audio never arrived).
     */
    public static Optional<BrowserLegStats> of(Map<String, Stats> report) {
        RTCInboundRTPStreamStats in = null;
        RTCOutboundRTPStreamStats out = null;
        for (Stats stats : report.values()) {
            if (stats instanceof RTCInboundRTPStreamStats inbound && (in == null || inbound.getPacketsReceived() > in.getPacketsReceived())) {
                in = inbound;
            } else if (stats instanceof RTCOutboundRTPStreamStats outbound) {
                out = outbound;
            }
        }
        if (in == null) {
            return Optional.empty();
        }
        // RTCP round trips are positive; 0 is what a stream without a receiver report says.
        Double roundTrip = out != null && out.getRoundTripTime() > 0 ? out.getRoundTripTime() * 1000 : null;
        return Optional.of(new BrowserLegStats(in.getPacketsReceived(), in.getPacketsLost(), in.getJitter() * 1000, roundTrip));
    }
}
