package dev.parley.speech.stt.pocketsphinx;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded recognizer on real human speech (Debian's pocketsphinx-testdata). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PocketSphinxRecognizerTest {
    /**
     * Measured: 26.1% (24 errors in 92 words) with the pinned, per-utterance cepstral mean; a
     * long-lived decoder that carries its mean over from earlier recordings gets about 24% but
     * depends on what it heard before.
     */
    private static final double WER_BOUND = 0.30;

    private PocketSphinxRecognizer recognizer;

    @BeforeAll
    void loadModel() {
        recognizer = new PocketSphinxRecognizer(PocketSphinxSettings.defaults());
    }

    @AfterAll
    void close() {
        recognizer.close();
    }

    @Test
    void recognisesLibrivoxAndCardsWithinTheStatedWordErrorRate() {
        WordErrorRate wer = RecognizerChecks.librivoxAndCards("pocketsphinx", recognizer::recognize);
        assertTrue(wer.rate() <= WER_BOUND, "WER " + wer.rate() + " above " + WER_BOUND);
    }

    @Test
    void resultsDoNotDependOnWhatTheDecoderHeardBefore() {
        List<Recording> recordings = TestRecordings.librivoxAndCards();
        short[] first = recordings.get(9).pcm(); // cards 005
        String fresh;
        try (PocketSphinxRecognizer unused = new PocketSphinxRecognizer(PocketSphinxSettings.defaults())) {
            fresh = unused.recognize(first); // a decoder that never heard anything
        }
        assertEquals(fresh, recognizer.recognize(first));
        for (Recording other : recordings.subList(1, 3)) { // librivox: another speaker and channel
            recognizer.recognize(other.pcm());
        }
        assertEquals(fresh, recognizer.recognize(first));
    }

    @Test
    void streamsPartialsBeforeTheUtteranceEndsThenOneFinal() throws InterruptedException {
        Recording recording = TestRecordings.librivoxAndCards().get(1); // "he was not an ill disposed young man"
        short[] pcm = recording.pcm();
        Collector.Transcripts results = new Collector.Transcripts();
        SpeechRecognizer.Utterance utterance = recognizer.startUtterance(results);
        int half = pcm.length / 2;
        for (int at = 0; at < half; at += 320) { // 20 ms packets, as the RTP bridge hands them over
            utterance.accept(pcm, at, Math.min(320, half - at));
        }
        assertTrue(results.awaitFirstPartial(30), "no partial while the utterance was still open");
        assertFalse(results.ended());
        for (int at = half; at < pcm.length; at += 320) {
            utterance.accept(pcm, at, Math.min(320, pcm.length - at));
        }
        utterance.finish();
        results.awaitEnd();
        assertNull(results.error);
        long utteranceMillis = pcm.length / 16;
        assertTrue(results.partials.get(0).audioMillis() < utteranceMillis);
        assertFalse(results.partials.get(0).isFinal());
        assertTrue(results.fin.isFinal());
        assertEquals(recognizer.recognize(pcm), results.fin.text(), "streaming and whole-file decoding agree");
        assertTrue(results.fin.text().startsWith("he was not"), results.fin.text());
        assertEquals(utteranceMillis, results.fin.audioMillis());
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
    void aMissingModelFileIsNamed() {
        PocketSphinxSettings d = PocketSphinxSettings.defaults();
        Path missing = Path.of("/nonexistent/en-us.lm.bin");
        SpeechException error = assertThrows(SpeechException.class, () -> new PocketSphinxRecognizer(
                new PocketSphinxSettings(d.acousticModelDir(), missing, d.dictionaryFile(), 16000, d.cmnInit(),
                        d.cmnPriorFrames(), d.partialIntervalMillis(), 1, d.pocketSphinxLibrary(), d.sphinxBaseLibrary())));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void aSampleRateOtherThanTheModelsIsRefused() {
        PocketSphinxSettings d = PocketSphinxSettings.defaults();
        SpeechException error = assertThrows(SpeechException.class, () -> new PocketSphinxSettings(d.acousticModelDir(),
                d.languageModelFile(), d.dictionaryFile(), 8000, d.cmnInit(), d.cmnPriorFrames(),
                d.partialIntervalMillis(), 1, d.pocketSphinxLibrary(), d.sphinxBaseLibrary()));
        assertTrue(error.getMessage().contains("8000 Hz"), error.getMessage());
    }
}
