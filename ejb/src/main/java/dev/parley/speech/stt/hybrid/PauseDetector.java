package dev.parley.speech.stt.hybrid;

/**
 * Finds pauses in an utterance's audio by loudness, per 10 ms frame: a frame is speech when it is
 * louder than an absolute floor and than a fraction of the loudest frame so far. Cheap enough for
 * the caller's thread; it only decides when to start work early, never what was said.
 */
final class PauseDetector {
    static final int FRAME = 160;

    private final int pauseFrames;
    private final int minLevel;
    private final double relativeLevel;
    private final short[] frame = new short[FRAME];
    private int filled;
    private double peak;
    private int quietFrames;
    private boolean speechSincePause;

    PauseDetector(HybridSettings settings) {
        this.pauseFrames = Math.max(1, settings.pauseMillis() / 10);
        this.minLevel = settings.minSpeechLevel();
        this.relativeLevel = settings.relativeSpeechLevel();
    }

    enum Event { NONE, SPEECH, PAUSE }

    /**
     * Feeds samples; returns PAUSE when a pause (after speech) just completed, SPEECH when speech
     * was heard (the latest of either wins within one call), NONE otherwise.
     */
    Event accept(short[] pcm, int offset, int length) {
        Event event = Event.NONE;
        for (int i = 0; i < length; i++) {
            frame[filled++] = pcm[offset + i];
            if (filled == FRAME) {
                filled = 0;
                Event e = frame();
                if (e != Event.NONE) {
                    event = e;
                }
            }
        }
        return event;
    }

    private Event frame() {
        double sum = 0;
        for (short s : frame) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / FRAME);
        peak = Math.max(peak, rms);
        if (rms >= minLevel && rms >= peak * relativeLevel) {
            quietFrames = 0;
            speechSincePause = true;
            return Event.SPEECH;
        }
        if (speechSincePause && ++quietFrames >= pauseFrames) {
            speechSincePause = false;
            return Event.PAUSE;
        }
        return Event.NONE;
    }
}
