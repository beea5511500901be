package dev.parley.speech.stt.hybrid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PauseDetectorTest {
    private static short[] tone(int millis, int amplitude) {
        short[] pcm = new short[millis * 16];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (amplitude * Math.sin(i * 2 * Math.PI * 200 / 16000));
        }
        return pcm;
    }

    @Test
    void aPauseIsReportedOnceAfterSpeechAndOnlyAfterTheConfiguredQuiet() {
        PauseDetector pauses = new PauseDetector(new HybridSettings(200, 150, 0.1));
        assertEquals(PauseDetector.Event.NONE, pauses.accept(tone(500, 0), 0, 500 * 16), "quiet before any speech is no pause");
        assertEquals(PauseDetector.Event.SPEECH, pauses.accept(tone(300, 8000), 0, 300 * 16));
        assertEquals(PauseDetector.Event.NONE, pauses.accept(tone(190, 300), 0, 190 * 16), "190 ms of a quiet 300 is no pause yet");
        assertEquals(PauseDetector.Event.PAUSE, pauses.accept(tone(20, 300), 0, 20 * 16));
        assertEquals(PauseDetector.Event.NONE, pauses.accept(tone(500, 0), 0, 500 * 16), "one pause per stretch of quiet");
        assertEquals(PauseDetector.Event.SPEECH, pauses.accept(tone(50, 8000), 0, 50 * 16));
    }

    @Test
    void quietSpeechCountsRelativeToTheLoudestSoFar() {
        PauseDetector pauses = new PauseDetector(new HybridSettings(200, 150, 0.1));
        pauses.accept(tone(100, 20000), 0, 100 * 16);
        // 1000 is above the absolute floor but under a tenth of the peak (about 14000 RMS): quiet.
        assertEquals(PauseDetector.Event.PAUSE, pauses.accept(tone(250, 1000), 0, 250 * 16));
    }
}
