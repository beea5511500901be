package dev.parley.speech.stt.moonshine;

import dev.parley.speech.SpeechException;
import dev.parley.speech.Transcript;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.testing.Collector;
import dev.parley.speech.testing.TestRecordings;
import dev.parley.speech.testing.WordErrorRate;
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

/** Moonshine tiny (int8) on real human speech and on flite's questions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoonshineRecognizerTest {
    /** Measured: see the printed WER; the bound leaves room for one or two more errors. */
    private static final double WER_BOUND = 0.08;

    private MoonshineRecognizer recognizer;

    @BeforeAll
    void load() {
        recognizer = new MoonshineRecognizer(MoonshineSettings.defaults());
    }

    @AfterAll
    void close() {
        recognizer.close();
    }

    @Test
    void recognisesLibrivoxAndCardsWithinTheStatedWordErrorRate() {
        WordErrorRate wer = RecognizerChecks.librivoxAndCards("moonshine", pcm -> recognizer.recognize(pcm).text());
        assertTrue(wer.rate() <= WER_BOUND, "WER " + wer.rate() + " above " + WER_BOUND);
    }

    @Test
    void writesCaseAndPunctuationBesideThePlainWords() {
        Transcript heard = recognizer.recognize(TestRecordings.librivoxAndCards().get(1).pcm());
        System.out.println(heard);
        assertTrue(heard.writtenText().startsWith("He was not"), heard.writtenText());
        assertTrue(heard.writtenText().endsWith("."), heard.writtenText());
        assertTrue(heard.text().startsWith("he was not"), heard.text());
        assertTrue(heard.text().matches("[a-z0-9' -]+"), heard.text());
    }

    /**
     * Contextual biasing: with the knowledge file's distinctive words as hints, the product's name
     * is written where the model alone wrote "partly", "Barley", "Carly"... (measured: 6 to 8 of
     * these 14 questions without hints, 9 with the bias alone, 12 to 13 with the correction toward
     * names too), and
     * the librivox WER stays (4 errors: the test above, whose model has no hints, and
     * HybridRecognizerTest's, whose has).
     */
    @Test
    void hintWordsAreFavouredWhereTheModelHesitates() {
        List<String> questions = RecognizerChecks.questions().stream().filter(q -> q.contains("parley")).toList();
        List<short[]> audio = RecognizerChecks.speak(questions);
        MoonshineSettings d = MoonshineSettings.defaults();
        try (MoonshineModel hinted = new MoonshineModel(d, RecognizerChecks.knowledgeHints())) {
            assertTrue(hinted.hintSpellings().contains("\u2581Kurento"), hinted.hintSpellings().toString());
            assertTrue(!hinted.hintSpellings().contains("\u2581what"), "a word the model knows well is no hint");
            int plain = 0;
            int biased = 0;
            for (short[] pcm : audio) {
                String alone = recognizer.model().transcribe(pcm, pcm.length, () -> false);
                String withHints = hinted.transcribe(pcm, pcm.length, () -> false);
                System.out.println(alone + "  |  " + withHints);
                plain += WordErrorRate.wordsOf(alone).contains("parley") ? 1 : 0;
                biased += WordErrorRate.wordsOf(withHints).contains("parley") ? 1 : 0;
            }
            System.out.printf("'parley' heard in %d of %d questions without hints, %d with%n", plain, questions.size(), biased);
            assertTrue(biased > plain, "hints gave " + biased + " against " + plain);
        }
    }

    /**
     * The correction toward hint names asks the model, and the model knows ordinary words in their
     * sentences: most of these hold a word that sounds like Parley, Kurento or Moonshine ("barely",
     * "barrel", "mansion", "burly", "Purley"; "currant" and "cornet" when flite's voice says them so
     * that the model writes them), yet none becomes a name (measured: the name scored 14 to 49 below
     * the word, in natural log, against at most 3 per piece of bonus).
     */
    @Test
    void wordsThatOnlySoundLikeANameStayAsTheModelHeardThem() {
        List<String> sentences = List.of("i barely heard you", "a barrel of wine", "they live in a mansion",
                "a glass of currant juice", "he is a burly man", "she played the cornet", "the rent was paid",
                "we went to the pearly gates", "he barely knew her");
        List<short[]> audio = RecognizerChecks.speak(sentences);
        LlamaVocabulary vocabulary = LlamaVocabulary.read(
                MoonshineModel.class.getResourceAsStream(MoonshineSettings.BUILT_IN_MODEL_RESOURCES + "llama-vocab.base64"), "built-in");
        var hints = RecognizerChecks.knowledgeHints();
        HintCorrection names = HintCorrection.of(vocabulary, hints.phrases(), HintBias.hintWords(vocabulary, hints));
        try (MoonshineModel hinted = new MoonshineModel(MoonshineSettings.defaults(), hints)) {
            int putToTheTest = 0;
            for (short[] pcm : audio) {
                String alone = recognizer.model().transcribe(pcm, pcm.length, () -> false);
                String withHints = hinted.transcribe(pcm, pcm.length, () -> false);
                System.out.println(alone + "  |  " + withHints);
                putToTheTest += names.candidates(alone).isEmpty() ? 0 : 1;
                List<String> words = WordErrorRate.wordsOf(withHints);
                for (String name : List.of("parley", "kurento", "moonshine")) {
                    assertTrue(!words.contains(name), withHints);
                }
            }
            assertTrue(putToTheTest >= 4, "only " + putToTheTest + " sentences had a sound-alike word: the test tests nothing");
        }
    }

    /**
     * Greedy decoding ended before its first piece on this clear question (and on 16 more of 36
     * clean or slightly damaged flite questions) until the first end became a doubt to check.
     */
    @Test
    void aShortQuestionTheModelWouldEndBeforeItsFirstWordIsWritten() {
        short[] pcm = RecognizerChecks.speak(List.of("how does it work")).get(0);
        try (MoonshineModel hinted = new MoonshineModel(MoonshineSettings.defaults(), RecognizerChecks.knowledgeHints())) {
            assertEquals(new MoonshineModel.Heard("How does it work?", false), hinted.hear(pcm, pcm.length, () -> false));
        }
    }

    /** The other side of the test above: where the model's doubt is right, it still writes nothing. */
    @Test
    void coughsBreathHumAndNoiseAreStillNothing() {
        Random random = new Random(3);
        List<short[]> sounds = List.of(burst(random, 0.25, 0.05, 0.9), burst(random, 0.35, 0.02, 0.9),
                burst(random, 0.6, 0.3, 0.1), hum(), white(random, 1.0, 3000), white(random, 1.0, 60));
        for (short[] sound : sounds) {
            assertEquals(new MoonshineModel.Heard("", false), recognizer.model().hear(sound, sound.length, () -> false));
        }
    }

    /** Low-passed noise with a sharp attack and a decay, amid half a second of silence either side: a cough or a breath. */
    private static short[] burst(Random random, double seconds, double smoothing, double volume) {
        int length = (int) (seconds * 16000);
        short[] pcm = new short[8000 + length + 8000];
        double level = 0;
        for (int i = 0; i < length; i++) {
            level += smoothing * (random.nextGaussian() - level);
            double envelope = Math.min(1, i / 160.0) * Math.exp(-3.0 * i / length);
            pcm[8000 + i] = clip(level * envelope * volume * 32767 * 0.35 / Math.sqrt(smoothing));
        }
        return pcm;
    }

    private static short[] hum() {
        short[] pcm = new short[32000];
        for (int i = 8000; i < 24000; i++) {
            pcm[i] = (short) (9000 * Math.sin(2 * Math.PI * 120 * i / 16000.0));
        }
        return pcm;
    }

    private static short[] white(Random random, double seconds, double deviation) {
        short[] pcm = new short[(int) (seconds * 16000) + 8000];
        for (int i = 4000; i < pcm.length - 4000; i++) {
            pcm[i] = clip(random.nextGaussian() * deviation);
        }
        return pcm;
    }

    private static short clip(double sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }

    /** A loop is the decoder's, not the speaker's, most of the time; either way it is reported, written once. */
    @Test
    void wordsSaidOverAndOverAreReportedAsALoopWrittenOnce() {
        short[] pcm = RecognizerChecks.speak(List.of("it was very very very very very very good")).get(0);
        MoonshineModel.Heard heard = recognizer.model().hear(pcm, pcm.length, () -> false);
        assertTrue(heard.looped(), heard.toString());
        assertTrue(heard.written().startsWith("It was very"), heard.toString());
        assertTrue(WordErrorRate.wordsOf(heard.written()).size() <= 4, heard.toString());
    }

    @Test
    void noiseCannotMakeTheDecoderLoop() {
        short[] noise = new short[3 * 16000];
        Random random = new Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 3000);
        }
        int limit = MoonshineSettings.defaults().maxTokens(noise.length);
        long start = System.nanoTime();
        String written = recognizer.model().transcribe(noise, noise.length, () -> false);
        System.out.printf("noise -> '%s' in %d ms (token limit %d)%n", written, (System.nanoTime() - start) / 1_000_000, limit);
        // A word is at least one token: the text can never outgrow the limit.
        assertTrue(WordErrorRate.wordsOf(written).size() <= limit, written);
        assertEquals(4 + 20, limit, "6.5 tokens per second of audio, plus 4");
    }

    @Test
    void streamsOneFinalAndNoPartials() throws InterruptedException {
        var recording = TestRecordings.librivoxAndCards().get(1);
        Collector.Transcripts results = RecognizerChecks.stream(recognizer, recording.pcm(), false);
        assertTrue(results.partials.isEmpty());
        assertEquals(recognizer.recognize(recording.pcm()).text(), results.fin.text());
        assertEquals(recording.pcm().length / 16, results.fin.audioMillis());
    }

    @Test
    void anUtteranceLongerThanTheWindowIsTranscribedInWindows() throws InterruptedException {
        MoonshineSettings d = MoonshineSettings.defaults();
        try (MoonshineRecognizer small = new MoonshineRecognizer(recognizer.model(), false, dev.parley.speech.ProviderThreads.named("test"))) {
            // Two cards recordings joined are over 2 s; a model with a 2 s window splits them.
            try (MoonshineModel twoSeconds = new MoonshineModel(new MoonshineSettings(Optional.empty(), 1, d.tokensPerSecond(), 2, d.hintBonus()));
                 MoonshineRecognizer windowed = new MoonshineRecognizer(twoSeconds, false, dev.parley.speech.ProviderThreads.named("test"))) {
                short[] a = TestRecordings.librivoxAndCards().get(5).pcm();
                short[] b = TestRecordings.librivoxAndCards().get(6).pcm();
                short[] both = new short[a.length + b.length];
                System.arraycopy(a, 0, both, 0, a.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                Collector.Transcripts results = RecognizerChecks.stream(windowed, both, false);
                System.out.println("windowed: " + results.fin.text() + " | whole: " + small.recognize(both).text());
                assertTrue(WordErrorRate.wordsOf(results.fin.text()).size() >= 4, results.fin.text());
            }
        }
    }

    @Test
    void anUtteranceWithoutAudioIsAnErrorNotAHang() {
        RecognizerChecks.assertNoAudioIsAnError(recognizer);
    }

    @Test
    void aCancelledUtteranceStaysSilent() throws InterruptedException {
        RecognizerChecks.assertCancelledStaysSilent(recognizer, 500);
    }

    @Test
    void aMissingModelFolderIsNamed() {
        Path missing = Path.of("/nonexistent/moonshine");
        SpeechException error = assertThrows(SpeechException.class, () -> new MoonshineModel(
                new MoonshineSettings(Optional.of(missing), 1, 6.5, 30, 3)));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }

    @Test
    void eightUtterancesAtOnceGiveTheSameWordsAsOneAtATime() throws Exception {
        RecognizerChecks.assertConcurrentAgreesWithSequential(recognizer, RecognizerChecks.eightRecordings());
    }

    @Test
    void vocabularyDecodesPiecesAndBytes() {
        LlamaVocabulary vocabulary = LlamaVocabulary.read(
                MoonshineModel.class.getResourceAsStream(MoonshineSettings.BUILT_IN_MODEL_RESOURCES + "llama-vocab.base64"), "built-in");
        // <0xC3><0xA9> is "é" in UTF-8: byte pieces are 3 + the byte's value.
        assertEquals("é", vocabulary.decode(new int[] {LlamaVocabulary.BOS, 3 + 0xC3, 3 + 0xA9, LlamaVocabulary.EOS}, 4));
        assertEquals(List.of(), WordErrorRate.wordsOf(vocabulary.decode(new int[] {1, 2, 40000}, 3)));
    }
}
