package dev.parley.media;

import org.kurento.client.RTCInboundRTPStreamStats;
import org.kurento.client.RTCOutboundRTPStreamStats;
import org.kurento.client.Stats;
import org.kurento.client.StatsType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The browser leg read from a getStats(AUDIO) report, in the Kurento client's own classes. */
class BrowserLegStatsTest {

    private static RTCInboundRTPStreamStats inbound(long received, long lost, double jitterSeconds) {
        return new RTCInboundRTPStreamStats("in", StatsType.inboundrtp, 0, "1111", "", false, "", "", "",
                0, 0, 0, 0, 0, lost, 0, received, received * 80, jitterSeconds);
    }

    private static RTCOutboundRTPStreamStats outbound(double roundTripSeconds) {
        return new RTCOutboundRTPStreamStats("out", StatsType.outboundrtp, 0, "2222", "", false, "", "", "",
                0, 0, 0, 0, 0, 0, 0, 900, 900 * 160, 0, roundTripSeconds);
    }

    @Test
    void theInboundStreamGivesPacketsLossAndJitterAndTheOutboundTheRoundTripInMilliseconds() {
        Map<String, Stats> report = Map.of("in", inbound(1_000, 3, 0.0042), "out", outbound(0.0315));
        BrowserLegStats leg = BrowserLegStats.of(report).orElseThrow();
        assertEquals(1_000, leg.packetsReceived());
        assertEquals(3, leg.packetsLost());
        assertEquals(4.2, leg.jitterMillis(), 1e-9);
        assertEquals(31.5, leg.roundTripMillis(), 1e-9);
    }

    @Test
    void withoutAReceiverReportTheRoundTripIsUnknownNotZero() {
        assertNull(BrowserLegStats.of(Map.of("in", inbound(10, 0, 0), "out", outbound(0))).orElseThrow().roundTripMillis());
        assertNull(BrowserLegStats.of(Map.of("in", inbound(10, 0, 0))).orElseThrow().roundTripMillis());
    }

    @Test
    void noInboundStreamMeansTheBrowsersAudioNeverArrived() {
        assertEquals(Optional.empty(), BrowserLegStats.of(Map.of("out", outbound(0.02))));
        assertEquals(Optional.empty(), BrowserLegStats.of(Map.of()));
    }
}
