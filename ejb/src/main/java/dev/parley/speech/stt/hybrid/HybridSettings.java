package dev.parley.speech.stt.hybrid;

import dev.parley.speech.SpeechException;

/**
 * Settings of the {@code vosk+moonshine} recognizer (besides each engine's own).
 *
 * @param pauseMillis       quiet audio after speech that starts Moonshine on the utterance so far,
 *                          ahead of the endpoint (which comes later, after the engine's endpointing silence)
 * @param minSpeechLevel    RMS (of 16-bit samples) a 10 ms frame needs to count as speech at all
 * @param relativeSpeechLevel fraction of the utterance's loudest frame a frame needs to count as speech
 */
public record HybridSettings(int pauseMillis, int minSpeechLevel, double relativeSpeechLevel) {

    public HybridSettings {
        if (pauseMillis < 50 || pauseMillis > 2000) {
            throw new SpeechException("vosk+moonshine pause must be between 50 and 2000 ms, got " + pauseMillis);
        }
        if (minSpeechLevel < 1) {
            throw new SpeechException("vosk+moonshine minimum speech level must be positive, got " + minSpeechLevel);
        }
        if (!(relativeSpeechLevel > 0 && relativeSpeechLevel < 1)) {
            throw new SpeechException("vosk+moonshine relative speech level must be between 0 and 1, got " + relativeSpeechLevel);
        }
    }

    public static HybridSettings defaults() {
        // 100 ms: Moonshine takes 30-150 ms on a question here, and its words should be in before the
        // engine's 250 ms short endpoint so that the answer prepared on them is released at once.
        return new HybridSettings(100, 150, 0.1);
    }
}
