package dev.parley.speech.vad.silero;

import dev.parley.speech.VoiceActivityDetector;

import java.util.ArrayList;
import java.util.List;

/** Speech segments from per-frame probabilities, with start/stop hysteresis (0.5 / 0.35). */
final class SpeechSegments {
    record Segment(int startFrame, int endFrame) {
        int frames() {
            return endFrame - startFrame;
        }
    }

    static final float START = 0.5f;
    static final float STOP = 0.35f;

    private SpeechSegments() {
    }

    static List<Segment> find(VoiceActivityDetector detector, short[] pcm) {
        int frame = detector.frameSamples();
        List<Segment> segments = new ArrayList<>();
        try (VoiceActivityDetector.Stream stream = detector.open()) {
            int start = -1;
            int index = 0;
            for (int at = 0; at + frame <= pcm.length; at += frame, index++) {
                short[] samples = java.util.Arrays.copyOfRange(pcm, at, at + frame);
                float p = stream.speechProbability(samples);
                if (start < 0 && p >= START) {
                    start = index;
                } else if (start >= 0 && p < STOP) {
                    segments.add(new Segment(start, index));
                    start = -1;
                }
            }
            if (start >= 0) {
                segments.add(new Segment(start, index));
            }
        }
        return segments;
    }
}
