package dev.parley.web.signalling;

import dev.parley.conversation.TurnMetrics;

/**
 * Server-side timings of one completed agent turn, in milliseconds; -1 where the turn never got
 * there (e.g. no barge-in).
 */
public record MetricsMessage(int turn, long responseLatencyMillis, long endpointingMillis, long sttFinalMillis, long firstTokenMillis,
                             long firstTtsAudioMillis, long bargeInReactionMillis, int framesDroppedOnFlush,
                             boolean interrupted, int userFramesConcealed) implements ServerMessage {

    static MetricsMessage of(TurnMetrics m) {
        return new MetricsMessage(m.turn(), m.responseLatencyMillis(), m.endpointingMillis(), m.sttFinalLatencyMillis(), m.firstTokenLatencyMillis(),
                m.firstTtsAudioLatencyMillis(), m.bargeInReactionMillis(), m.framesDroppedOnFlush(), m.interrupted(),
                m.userFramesConcealed());
    }
}
