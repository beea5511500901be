package dev.parley.speech.stt.vosk;

import dev.parley.speech.SpeechException;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.testing.Collector;
import dev.parley.speech.testing.TestRecordings;
import dev.parley.speech.testing.TestRecordings.Recording;
import dev.parley.speech.testing.WordErrorRate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vosk small en-us 0.15 on real human speech: accuracy, streaming partials, concurrency. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoskRecognizerTest {
    /** Measured: see the printed WER; the bound leaves room for one or two more errors. */
    private static final double WER_BOUND = 0.12;

    private VoskRecognizer recognizer;

    @BeforeAll
    void load() {
        recognizer = new VoskRecognizer(VoskSettings.defaults());
    }

    @AfterAll
    void close() {
        recognizer.close();
    }

    @Test
    void recognisesLibrivoxAndCardsWithinTheStatedWordErrorRate() {
        WordErrorRate wer = RecognizerChecks.librivoxAndCards("vosk", pcm -> recognizer.recognize(pcm).text());
        assertTrue(wer.rate() <= WER_BOUND, "WER " + wer.rate() + " above " + WER_BOUND);
    }

    @Test
    void partialsArriveBeforeTheEndAndGrowMoreRight() throws InterruptedException {
        for (Recording recording : TestRecordings.librivoxAndCards().subList(0, 3)) {
            short[] pcm = recording.pcm();
            Collector.Transcripts results = RecognizerChecks.streamWithPartials(recognizer, pcm, 100);
            RecognizerChecks.assertPartialsGrowMoreRight(recording.transcript(), results.partials, pcm.length / 16, 0);
            assertFalse(results.partials.get(0).isFinal());
            assertEquals(recognizer.recognize(pcm).text(), results.fin.text(), "streaming and whole-file decoding agree");
            assertEquals(pcm.length / 16, results.fin.audioMillis());
        }
    }

    @Test
    void aPartialComesWhileTheUtteranceIsStillOpen() throws InterruptedException {
        short[] pcm = TestRecordings.librivoxAndCards().get(1).pcm();
        Collector.Transcripts results = new Collector.Transcripts();
        var utterance = recognizer.startUtterance(results);
        int half = pcm.length / 2;
        for (int at = 0; at < half; at += 320) {
            utterance.accept(pcm, at, Math.min(320, half - at));
        }
        assertTrue(results.awaitFirstPartial(30), "no partial while the utterance was still open");
        assertFalse(results.ended());
        utterance.finish();
        results.awaitEnd();
        assertNull(results.error);
        assertTrue(results.fin.text().startsWith("he was not"), results.fin.text());
    }

    @Test
    void eightUtterancesAtOnceGiveTheSameWordsAsOneAtATime() throws Exception {
        RecognizerChecks.assertConcurrentAgreesWithSequential(recognizer, RecognizerChecks.eightRecordings());
    }

    @Test
    void anUtteranceWithoutAudioIsAnErrorNotAHang() {
        RecognizerChecks.assertNoAudioIsAnError(recognizer);
        assertThrows(SpeechException.class, () -> recognizer.recognize(new short[0]));
    }

    @Test
    void aCancelledUtteranceStaysSilent() throws InterruptedException {
        RecognizerChecks.assertCancelledStaysSilent(recognizer, 300);
    }

    @Test
    void aModelFolderWithoutAModelIsNamed() {
        Path missing = Path.of("/nonexistent/vosk-model");
        SpeechException error = assertThrows(SpeechException.class,
                () -> new VoskRecognizer(new VoskSettings(Optional.of(missing), 100)));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void closingDeletesTheCopiedModelAndRefusesNewUtterances() {
        VoskRecognizer other = new VoskRecognizer(VoskSettings.defaults());
        short[] pcm = TestRecordings.librivoxAndCards().get(5).pcm();
        assertEquals("ten of clubs", other.recognize(pcm).text());
        other.close();
        assertThrows(SpeechException.class, () -> other.startUtterance(new Collector.Transcripts()));
        other.close(); // twice is harmless
    }
}
