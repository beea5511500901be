package dev.parley.web.admin;

import dev.parley.store.TurnMetricsRecord;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * Response latency over a session's turns (end of user speech to first agent audio out, in ms) and
 * barge-in reactions; values are null when no turn measured them.
 */
// Payara 6 writes long as number; a generated client would read these as decimals.
@Schema(properties = {
        @SchemaProperty(name = "responseMedianMillis", type = SchemaType.INTEGER, format = "int64"),
        @SchemaProperty(name = "responseP95Millis", type = SchemaType.INTEGER, format = "int64"),
        @SchemaProperty(name = "responseMaxMillis", type = SchemaType.INTEGER, format = "int64"),
        @SchemaProperty(name = "bargeInReactionMedianMillis", type = SchemaType.INTEGER, format = "int64")})
public record LatencySummary(int measuredTurns, Long responseMedianMillis, Long responseP95Millis, Long responseMaxMillis,
                             int bargeIns, Long bargeInReactionMedianMillis) {

    public static LatencySummary of(List<TurnMetricsRecord> metrics) {
        long[] response = metrics.stream().mapToLong(TurnMetricsRecord::getResponseLatencyMillis).filter(v -> v >= 0).sorted().toArray();
        long[] bargeIn = metrics.stream().mapToLong(TurnMetricsRecord::getBargeInReactionMillis).filter(v -> v >= 0).sorted().toArray();
        return new LatencySummary(response.length, percentile(response, 50), percentile(response, 95),
                response.length == 0 ? null : response[response.length - 1], bargeIn.length, percentile(bargeIn, 50));
    }

    /** Nearest-rank percentile of sorted values, or null when there are none. */
    static Long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
