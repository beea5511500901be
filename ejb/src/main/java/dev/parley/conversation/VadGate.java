package dev.parley.conversation;

/**
 * Turns per-frame speech probabilities into "speech started" and "speech stopped" with hysteresis:
 * speech starts after {@code minSpeech} of frames that begin at or above the start threshold and
 * stay at or above the (lower) stop threshold; it stops after {@code minSilence} below the stop
 * threshold. Short blips and brief dips therefore change nothing.
 */
final class VadGate {

    enum Transition { NONE, STARTED, STOPPED }

    private final float startThreshold;
    private final float stopThreshold;
    private final long minSpeechNanos;
    private final long minSilenceNanos;

    private boolean speaking;
    private long candidateStartNanos = -1;
    private long silenceStartNanos = -1;
    private long onsetNanos;
    private long lastVoiceEndNanos;

    VadGate(float startThreshold, float stopThreshold, long minSpeechMillis, long minSilenceMillis) {
        if (stopThreshold > startThreshold) {
            throw new IllegalArgumentException("stop threshold " + stopThreshold + " above start threshold " + startThreshold);
        }
        this.startThreshold = startThreshold;
        this.stopThreshold = stopThreshold;
        this.minSpeechNanos = minSpeechMillis * 1_000_000L;
        this.minSilenceNanos = minSilenceMillis * 1_000_000L;
    }

    /** Feeds the probability of the frame covering [{@code frameStartNanos}, +{@code frameNanos}). */
    Transition update(float probability, long frameStartNanos, long frameNanos) {
        long frameEnd = frameStartNanos + frameNanos;
        if (!speaking) {
            boolean continuesCandidate = candidateStartNanos >= 0 && probability >= stopThreshold;
            if (probability >= startThreshold || continuesCandidate) {
                if (candidateStartNanos < 0) {
                    candidateStartNanos = frameStartNanos;
                }
                if (frameEnd - candidateStartNanos >= minSpeechNanos) {
                    speaking = true;
                    onsetNanos = candidateStartNanos;
                    lastVoiceEndNanos = frameEnd;
                    candidateStartNanos = -1;
                    silenceStartNanos = -1;
                    return Transition.STARTED;
                }
            } else {
                candidateStartNanos = -1;
            }
            return Transition.NONE;
        }
        if (probability >= stopThreshold) {
            silenceStartNanos = -1;
            lastVoiceEndNanos = frameEnd;
            return Transition.NONE;
        }
        if (silenceStartNanos < 0) {
            silenceStartNanos = frameStartNanos;
        }
        if (frameEnd - silenceStartNanos >= minSilenceNanos) {
            speaking = false;
            silenceStartNanos = -1;
            return Transition.STOPPED;
        }
        return Transition.NONE;
    }

    boolean speaking() {
        return speaking;
    }

    /** Start of the first voiced frame of the current (or last) speech. */
    long onsetNanos() {
        return onsetNanos;
    }

    /** End of the last voiced frame of the current (or last) speech. */
    long lastVoiceEndNanos() {
        return lastVoiceEndNanos;
    }
}
