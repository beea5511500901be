package dev.parley.conversation;

import static dev.parley.conversation.TurnMetrics.NOT_REACHED;

/** Collects one agent turn's timings as they happen; each is recorded once, the first time. */
final class TurnTimings {

    private final int turn;
    private final long userSpeechEndNanos;
    private final long endpointNanos;
    private final long sttFinalNanos;
    private long llmFirstTokenNanos = NOT_REACHED;
    private long firstTtsAudioNanos = NOT_REACHED;
    private long firstAudioOutNanos = NOT_REACHED;
    private long bargeInNanos = NOT_REACHED;
    private long bargeInOnsetNanos = NOT_REACHED;
    private int framesDropped;
    private boolean preemptiveUsed;
    private int preemptiveWasted;
    private int userFramesConcealed;

    TurnTimings(int turn, long userSpeechEndNanos, long endpointNanos, long sttFinalNanos) {
        this.turn = turn;
        this.userSpeechEndNanos = userSpeechEndNanos;
        this.endpointNanos = endpointNanos;
        this.sttFinalNanos = sttFinalNanos;
    }

    void firstToken(long at) {
        if (llmFirstTokenNanos == NOT_REACHED) {
            llmFirstTokenNanos = at;
        }
    }

    void firstTtsAudio(long at) {
        if (firstTtsAudioNanos == NOT_REACHED) {
            firstTtsAudioNanos = at;
        }
    }

    void firstAudioOut(long at) {
        if (firstAudioOutNanos == NOT_REACHED) {
            firstAudioOutNanos = at;
        }
    }

    void bargeIn(long onset, long at, int dropped) {
        bargeInOnsetNanos = onset;
        bargeInNanos = at;
        framesDropped += dropped;
    }

    void preemptive(boolean used, int wasted) {
        preemptiveUsed = used;
        preemptiveWasted = wasted;
    }

    void userFramesConcealed(int frames) {
        userFramesConcealed = frames;
    }

    TurnMetrics metrics() {
        return new TurnMetrics(turn, userSpeechEndNanos, endpointNanos, sttFinalNanos, llmFirstTokenNanos, firstTtsAudioNanos,
                firstAudioOutNanos, bargeInNanos, bargeInOnsetNanos, framesDropped, bargeInNanos != NOT_REACHED,
                preemptiveUsed, preemptiveWasted, userFramesConcealed);
    }
}
