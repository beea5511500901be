package dev.parley.web.admin;

import dev.parley.session.ClientInfo;
import dev.parley.store.CallAudio;
import dev.parley.store.SessionRecord;
import dev.parley.store.TurnMetricsRecord;
import dev.parley.store.TurnRecord;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/** The JSON shapes of the admin API. */
public final class SessionViews {

    private SessionViews() {
    }

    /** A session in a list. */
    public record SessionSummary(String id, String state, Instant startedAt, Instant endedAt, String endCause) {
        static SessionSummary of(SessionRecord s) {
            return new SessionSummary(s.getId(), s.getState().name().toLowerCase(java.util.Locale.ROOT), s.getStartedAt(),
                    s.getEndedAt(), s.getEndCause());
        }
    }

    /** One page of sessions. */
    // Payara 6 writes long as number; a generated client would read these as decimals.
    @Schema(properties = {
            @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64")})
    public record SessionList(List<SessionSummary> sessions, int page, int size, long total) {
    }

    /** One session in detail; {@code audio} is null while it is live and when its call never had media. */
    // Payara 6 writes long as number; a generated client would read these as decimals.
    @Schema(properties = {
            @SchemaProperty(name = "turnCount", type = SchemaType.INTEGER, format = "int64")})
    public record SessionDetail(String id, String state, boolean live, Instant startedAt, Instant endedAt, String endCause,
                                String endDetail, ClientInfo client, long turnCount, boolean recorded, LatencySummary latency,
                                String instance, String mediaServer, AudioQuality audio) {
    }

    /**
     * The call's audio as the server's RTP bridge counted it (the caller's stream in, the agent's
     * out) and, in {@code browserLeg}, the caller's network as the media server measured it.
     */
    // Payara 6 writes long as number; a generated client would read these as decimals.
    @Schema(properties = {
            @SchemaProperty(name = "callerPacketsReceived", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "callerPacketsLost", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "callerPacketsLate", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "callerPacketsConcealed", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "agentPacketsSent", type = SchemaType.INTEGER, format = "int64")})
    public record AudioQuality(long callerPacketsReceived, long callerPacketsLost, double callerLossPercent, long callerPacketsLate,
                               long callerPacketsConcealed, Double callerMaxJitterMillis, long agentPacketsSent, BrowserLegView browserLeg) {
        static AudioQuality of(CallAudio a) {
            return new AudioQuality(a.callerPacketsReceived(), a.callerPacketsLost(), hundredths(a.callerLossPercent()),
                    a.callerPacketsLate(), a.callerPacketsConcealed(),
                    a.callerMaxJitterMillis() == null ? null : hundredths(a.callerMaxJitterMillis()), a.agentPacketsSent(),
                    a.browserLeg() == null ? null : BrowserLegView.of(a.browserLeg()));
        }

        private static double hundredths(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }

    /** The browser → media server leg at the call's end (the media server's getStats of the browser's WebRtcEndpoint). */
    // Payara 6 writes long as number; a generated client would read these as decimals.
    @Schema(properties = {
            @SchemaProperty(name = "packetsReceived", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "packetsLost", type = SchemaType.INTEGER, format = "int64")})
    public record BrowserLegView(long packetsReceived, long packetsLost, double lossPercent, double jitterMillis, Double roundTripMillis) {
        static BrowserLegView of(CallAudio.BrowserLeg leg) {
            return new BrowserLegView(leg.packetsReceived(), leg.packetsLost(), AudioQuality.hundredths(leg.lossPercent()),
                    AudioQuality.hundredths(leg.jitterMillis()),
                    leg.roundTripMillis() == null ? null : AudioQuality.hundredths(leg.roundTripMillis()));
        }
    }

    /** One turn of a transcript. */
    public record TurnView(int turn, String userText, Instant userSpokeAt, String agentText, Instant agentStartedAt,
                           boolean interrupted, String heardText, Instant endedAt) {
        static TurnView of(TurnRecord t) {
            return new TurnView(t.getTurn(), t.getUserText(), t.getUserSpokeAt(), t.getAgentText(), t.getAgentStartedAt(),
                    t.isInterrupted(), t.getHeardText(), t.getEndedAt());
        }
    }

    public record Transcript(String sessionId, List<TurnView> turns) {
    }

    /**
     * One turn's latencies in ms; -1 where the turn never got there. {@code userFramesConcealed} is
     * null for turns stored before it was recorded.
     */
    // Payara 6 writes long as number; a generated client would read these as decimals.
    @Schema(properties = {
            @SchemaProperty(name = "responseLatencyMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "sttFinalLatencyMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "endpointingMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "sttFinishLatencyMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "firstTokenLatencyMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "firstTtsAudioLatencyMillis", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "bargeInReactionMillis", type = SchemaType.INTEGER, format = "int64")})
    public record TurnMetricsView(int turn, long responseLatencyMillis, long sttFinalLatencyMillis, long endpointingMillis,
                                  long sttFinishLatencyMillis, long firstTokenLatencyMillis,
                                  long firstTtsAudioLatencyMillis, long bargeInReactionMillis, int framesDroppedOnFlush,
                                  boolean interrupted, Integer userFramesConcealed) {
        static TurnMetricsView of(TurnMetricsRecord m) {
            return new TurnMetricsView(m.getTurn(), m.getResponseLatencyMillis(), m.getSttFinalLatencyMillis(),
                    m.getEndpointingMillis(), m.getSttFinishLatencyMillis(),
                    m.getFirstTokenLatencyMillis(), m.getFirstTtsAudioLatencyMillis(), m.getBargeInReactionMillis(),
                    m.getFramesDroppedOnFlush(), m.isInterrupted(), m.getUserFramesConcealed());
        }
    }

    public record Metrics(String sessionId, List<TurnMetricsView> turns, LatencySummary summary) {
    }

    /** Body of {@code POST .../terminate}: the reason the widget is shown. */
    public record Termination(String reason) {
    }

    /** Body of {@code POST .../say}. */
    public record SayRequest(String text) {
    }
}
