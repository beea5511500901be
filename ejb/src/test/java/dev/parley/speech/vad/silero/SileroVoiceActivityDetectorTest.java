package dev.parley.speech.vad.silero;

import dev.parley.speech.SpeechException;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.testing.TestRecordings;
import dev.parley.speech.testing.TestRecordings.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silero VAD v5 (the model the build fetched from npm) on real speech and on generated noise. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SileroVoiceActivityDetectorTest {
    private SileroVoiceActivityDetector detector;

    @BeforeAll
    void load() {
        detector = new SileroVoiceActivityDetector(SileroSettings.defaults());
    }

    @AfterAll
    void close() {
        detector.close();
    }

    @Test
    void findsTheSpeechInEveryRecording() {
        for (Recording recording : TestRecordings.librivoxAndCards()) {
            short[] pcm = recording.pcm();
            int frames = pcm.length / detector.frameSamples();
            List<SpeechSegments.Segment> segments = SpeechSegments.find(detector, pcm);
            int speechFrames = segments.stream().mapToInt(SpeechSegments.Segment::frames).sum();
            System.out.printf("%s: %d frames, speech %s%n", recording.name(), frames, segments);
            assertTrue(!segments.isEmpty(), recording.name() + ": no speech found");
            // The recordings are mostly speech with short pauses at the edges.
            assertTrue(speechFrames >= frames * 0.4, recording.name() + ": only " + speechFrames + " of " + frames + " frames");
            // And the leading pause (these recordings start with silence) is not called speech.
            assertTrue(segments.get(0).startFrame() > 0, recording.name() + " starts with speech at frame 0");
        }
    }

    @Test
    void findsNoSpeechInWhiteNoiseOrSilence() {
        Random random = new Random(42);
        short[] noise = new short[16000 * 10];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 3000);
        }
        assertEquals(List.of(), SpeechSegments.find(detector, noise));
        assertEquals(List.of(), SpeechSegments.find(detector, new short[16000 * 3]));
    }

    @Test
    void resetForgetsTheCarriedState() {
        short[] pcm = TestRecordings.librivoxAndCards().get(0).pcm();
        short[] frame = java.util.Arrays.copyOfRange(pcm, 16000, 16000 + 512);
        try (VoiceActivityDetector.Stream stream = detector.open()) {
            float first = stream.speechProbability(frame);
            stream.speechProbability(frame);
            stream.reset();
            assertEquals(first, stream.speechProbability(frame), 1e-6);
        }
    }

    @Test
    void framesOfTheWrongSizeAreRefused() {
        try (VoiceActivityDetector.Stream stream = detector.open()) {
            SpeechException empty = assertThrows(SpeechException.class, () -> stream.speechProbability(new short[0]));
            assertTrue(empty.getMessage().contains("exactly 512 samples"), empty.getMessage());
            assertThrows(SpeechException.class, () -> stream.speechProbability(new short[320]));
        }
    }

    @Test
    void aMissingModelFileOrWrongRateIsNamed() {
        Path missing = Path.of("/nonexistent/silero.onnx");
        SpeechException error = assertThrows(SpeechException.class,
                () -> new SileroVoiceActivityDetector(new SileroSettings(Optional.of(missing), 16000, 1)));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        SpeechException rate = assertThrows(SpeechException.class, () -> new SileroSettings(Optional.empty(), 44100, 1));
        assertTrue(rate.getMessage().contains("44100 Hz"), rate.getMessage());
    }
}
