package dev.parley.conversation;

/**
 * Timings of one agent turn on the session's monotonic clock (nanoseconds; {@link #NOT_REACHED}
 * where the turn never got there, e.g. no audio before a barge-in).
 *
 * @param turn                   1-based number of the agent turn in the session
 * @param userSpeechEndNanos     end of the user's last voiced frame (NOT_REACHED for an idle prompt or a resumed reply)
 * @param endpointNanos          the engine decided the user's turn was over and finished the recognition
 * @param sttFinalNanos          the final transcript arrived
 * @param llmFirstTokenNanos     the first token of the reply arrived
 * @param firstTtsAudioNanos     the first synthesised audio of the reply arrived
 * @param firstAudioOutNanos     the output reported the first audio actually sent
 * @param bargeInNanos           the user's barge-in was confirmed and the output flushed
 * @param bargeInOnsetNanos      onset of the user speech that barged in
 * @param framesDroppedOnFlush   frames the output discarded when the reply was stopped
 * @param interrupted            the user barged in
 * @param preemptiveUsed         the reply was prepared during the user's pause and released at the endpoint (its model time hidden)
 * @param preemptiveWasted       replies prepared during this user turn's pauses and cancelled unheard (the user went on, or the final differed)
 * @param userFramesConcealed    frames of the user's turn that the bridge made up for packets lost or late (packet loss
 *                               concealment): the recognizer heard a guess there
 */
public record TurnMetrics(
        int turn,
        long userSpeechEndNanos,
        long endpointNanos,
        long sttFinalNanos,
        long llmFirstTokenNanos,
        long firstTtsAudioNanos,
        long firstAudioOutNanos,
        long bargeInNanos,
        long bargeInOnsetNanos,
        int framesDroppedOnFlush,
        boolean interrupted,
        boolean preemptiveUsed,
        int preemptiveWasted,
        int userFramesConcealed) {

    public static final long NOT_REACHED = Long.MIN_VALUE;

    /** A turn without preemptive replies. */
    public TurnMetrics(int turn, long userSpeechEndNanos, long endpointNanos, long sttFinalNanos, long llmFirstTokenNanos,
                       long firstTtsAudioNanos, long firstAudioOutNanos, long bargeInNanos, long bargeInOnsetNanos,
                       int framesDroppedOnFlush, boolean interrupted) {
        this(turn, userSpeechEndNanos, endpointNanos, sttFinalNanos, llmFirstTokenNanos, firstTtsAudioNanos, firstAudioOutNanos,
                bargeInNanos, bargeInOnsetNanos, framesDroppedOnFlush, interrupted, false, 0, 0);
    }

    /** End of user speech to first audio out: the response latency the user perceives (server side), or -1. */
    public long responseLatencyMillis() {
        return between(userSpeechEndNanos, firstAudioOutNanos);
    }

    /** Onset of the interrupting speech to the agent's audio flushed, or -1. */
    public long bargeInReactionMillis() {
        return between(bargeInOnsetNanos, bargeInNanos);
    }

    public long sttFinalLatencyMillis() {
        return between(userSpeechEndNanos, sttFinalNanos);
    }

    /** The silence the engine waited before ending the turn (endpointing), or -1. */
    public long endpointingMillis() {
        return between(userSpeechEndNanos, endpointNanos);
    }

    /** The recogniser's time from "no more audio" to the final transcript, or -1. */
    public long sttFinishLatencyMillis() {
        return between(endpointNanos, sttFinalNanos);
    }

    public long firstTokenLatencyMillis() {
        return between(sttFinalNanos, llmFirstTokenNanos);
    }

    public long firstTtsAudioLatencyMillis() {
        return between(llmFirstTokenNanos, firstTtsAudioNanos);
    }

    private static long between(long from, long to) {
        return from == NOT_REACHED || to == NOT_REACHED ? -1 : (to - from) / 1_000_000L;
    }
}
