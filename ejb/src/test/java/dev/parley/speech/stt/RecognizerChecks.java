package dev.parley.speech.stt;

import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.llm.retrieval.KnowledgeEntry;
import dev.parley.speech.llm.retrieval.KnowledgeFile;
import dev.parley.speech.stt.SpeechHints;
import dev.parley.speech.testing.Collector;
import dev.parley.speech.testing.SameWords;
import dev.parley.speech.testing.TestRecordings;
import dev.parley.speech.testing.TestRecordings.Recording;
import dev.parley.speech.testing.WordErrorRate;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measurements every recognizer's test makes the same way, on real recordings and flite speech. */
public final class RecognizerChecks {
    /** Questions people ask in other words than the knowledge file's. */
    public static final List<String> PARAPHRASES = List.of(
            "what exactly is parley", "can you tell me what parley does", "how do you work",
            "may I interrupt you while you talk", "which recognizer do you use", "what voice is that",
            "where can I deploy parley", "do you need the internet to work", "how do I embed you in my website",
            "how quickly can you answer", "who made you", "what media server does parley use");

    private RecognizerChecks() {
    }

    /** The built-in knowledge file's own questions, then the paraphrases. */
    public static List<String> questions() {
        List<String> questions = new ArrayList<>();
        for (KnowledgeEntry entry : KnowledgeFile.readBuiltIn()) {
            questions.addAll(entry.questions());
        }
        questions.addAll(PARAPHRASES);
        return questions;
    }

    /** The hints a deployment with the built-in knowledge file and persona gets by default. */
    public static SpeechHints knowledgeHints() {
        return new SpeechHints(List.of(), SpeechHints.wordsOf(KnowledgeFile.readBuiltIn(), "Parley"));
    }

    public static List<short[]> speak(List<String> sentences) {
        List<short[]> audio = new ArrayList<>();
        try (FliteSynthesizer flite = new FliteSynthesizer(FliteSettings.defaults())) {
            for (String sentence : sentences) {
                Collector.Audio out = new Collector.Audio();
                flite.synthesize(sentence, out);
                out.awaitEnd();
                assertNull(out.error);
                audio.add(withSilence(out.joined(), 300, 300));
            }
        }
        return audio;
    }

    public static short[] withSilence(short[] pcm, int beforeMillis, int afterMillis) {
        short[] padded = new short[pcm.length + (beforeMillis + afterMillis) * 16];
        System.arraycopy(pcm, 0, padded, beforeMillis * 16, pcm.length);
        return padded;
    }

    /** WER over librivox and cards, each recording recognised whole by {@code recognize}; printed. */
    public static WordErrorRate librivoxAndCards(String name, Function<short[], String> recognize) {
        WordErrorRate wer = new WordErrorRate();
        for (Recording recording : TestRecordings.librivoxAndCards()) {
            String heard = recognize.apply(recording.pcm());
            int errors = wer.add(recording.transcript(), heard);
            System.out.printf("%s %s: %d errors | %s | %s%n", name, recording.name(), errors, recording.transcript(), heard);
        }
        System.out.printf(Locale.ROOT, "%s WER on librivox + cards: %.1f%% (%d/%d)%n", name, 100 * wer.rate(), wer.errors(), wer.referenceWords());
        assertEquals(92, wer.referenceWords(), "the test set changed");
        return wer;
    }

    /**
     * Share of questions recognised word for word, as {@link SameWords} compares them (spelling
     * variants, compounds and spelled acronyms, digits forgiven; nothing else). Each miss is printed,
     * and the count without that normalisation beside it, for comparison with earlier figures.
     */
    public static double questionsRight(String name, List<String> questions, List<short[]> audio, Function<short[], String> recognize) {
        int right = 0;
        int literal = 0;
        for (int i = 0; i < questions.size(); i++) {
            String heard = recognize.apply(audio.get(i));
            boolean exact = WordErrorRate.wordsOf(questions.get(i)).equals(WordErrorRate.wordsOf(heard));
            literal += exact ? 1 : 0;
            if (SameWords.same(questions.get(i), heard)) {
                right++;
                if (!exact) {
                    System.out.printf("%s same words, other spelling: %s -> %s%n", name, questions.get(i), heard);
                }
            } else {
                System.out.printf("%s misheard: %s -> %s%n", name, questions.get(i), heard);
            }
        }
        double share = (double) right / questions.size();
        System.out.printf(Locale.ROOT, "%s: %d of %d flite questions word for word (%.1f%%; %d letter for letter)%n",
                name, right, questions.size(), 100 * share, literal);
        return share;
    }

    /** Streams {@code pcm} in 20 ms packets (as the RTP bridge hands them over), optionally at real-time pace, then finishes. */
    public static Collector.Transcripts stream(SpeechRecognizer recognizer, short[] pcm, boolean realTime) throws InterruptedException {
        return stream(recognizer, pcm, realTime ? 1 : 0);
    }

    /**
     * Streams {@code pcm} in 20 ms packets at {@code speed} times real time (0: as fast as possible;
     * a recognizer then may skip partials, as the utterance is finished before it decoded them).
     */
    public static Collector.Transcripts stream(SpeechRecognizer recognizer, short[] pcm, double speed) throws InterruptedException {
        boolean realTime = speed > 0;
        long packetNanos = realTime ? (long) (20_000_000L / speed) : 0;
        Collector.Transcripts results = new Collector.Transcripts();
        SpeechRecognizer.Utterance utterance = recognizer.startUtterance(results);
        long start = System.nanoTime();
        for (int at = 0, packet = 0; at < pcm.length; at += 320, packet++) {
            utterance.accept(pcm, at, Math.min(320, pcm.length - at));
            if (realTime) {
                long wait = start + (packet + 1) * packetNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        utterance.finish();
        results.awaitEnd();
        assertNull(results.error, () -> "recognition failed: " + results.error);
        return results;
    }

    /**
     * Hands over all of {@code pcm} in 20 ms packets, waits (up to 60 s, for a busy machine) until
     * the partials cover the audio, and only then finishes: every partial so arrives before the
     * utterance ends, whatever the machine's load.
     */
    public static Collector.Transcripts streamWithPartials(SpeechRecognizer recognizer, short[] pcm, int partialIntervalMillis)
            throws InterruptedException {
        Collector.Transcripts results = new Collector.Transcripts();
        SpeechRecognizer.Utterance utterance = recognizer.startUtterance(results);
        for (int at = 0; at < pcm.length; at += 320) {
            utterance.accept(pcm, at, Math.min(320, pcm.length - at));
        }
        // The decoder has caught up when the partials reach the end of the audio, or when none came
        // for 3 s (a recognizer that hears no words yet sends none).
        long coveredMillis = pcm.length / 16 - partialIntervalMillis;
        long deadline = System.nanoTime() + 60_000_000_000L;
        int seen = -1;
        long seenAt = System.nanoTime();
        while (System.nanoTime() < deadline && !results.ended()) {
            int count = results.partials.size();
            if (count > 0 && results.partials.get(count - 1).audioMillis() >= coveredMillis) {
                break;
            }
            if (count != seen) {
                seen = count;
                seenAt = System.nanoTime();
            } else if (count > 0 && System.nanoTime() - seenAt > 3_000_000_000L) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(!results.ended(), "the utterance ended before finish()");
        utterance.finish();
        results.awaitEnd();
        assertNull(results.error, () -> "recognition failed: " + results.error);
        return results;
    }

    /**
     * Partials arrive before the end and get more right: the words of the reference each one has
     * right (longest common subsequence) never fall by more than {@code slack} from one to the next,
     * and the last partial has the most of them but for that slack.
     */
    public static void assertPartialsGrowMoreRight(String reference, List<Transcript> partials, long utteranceMillis, int slack) {
        assertTrue(!partials.isEmpty(), "no partials");
        assertTrue(partials.get(0).audioMillis() < utteranceMillis, "the first partial came only at the end");
        List<String> ref = WordErrorRate.wordsOf(reference);
        int best = 0;
        StringBuilder trace = new StringBuilder();
        for (Transcript partial : partials) {
            int right = commonWords(ref, WordErrorRate.wordsOf(partial.text()));
            trace.append(right).append(' ').append(partial.text()).append('\n');
            assertTrue(right >= best - slack, "a partial got less right:\n" + trace);
            best = Math.max(best, right);
        }
        System.out.print(trace);
    }

    static int commonWords(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                lcs[i][j] = a.get(i - 1).equals(b.get(j - 1)) ? lcs[i - 1][j - 1] + 1 : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
            }
        }
        return lcs[a.size()][b.size()];
    }

    /** Recognises each recording one at a time, then all at once from {@code threads} threads; both must agree. */
    public static void assertConcurrentAgreesWithSequential(SpeechRecognizer recognizer, List<short[]> recordings) throws Exception {
        List<String> alone = new ArrayList<>();
        for (short[] pcm : recordings) {
            alone.add(stream(recognizer, pcm, false).fin.text());
        }
        ExecutorService pool = Executors.newFixedThreadPool(recordings.size());
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (short[] pcm : recordings) {
                tasks.add(() -> stream(recognizer, pcm, false).fin.text());
            }
            List<String> together = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                together.add(f.get());
            }
            System.out.println("one at a time: " + alone + "\nat once:       " + together);
            assertEquals(alone, together);
        } finally {
            pool.shutdownNow();
        }
    }

    /** An utterance finished without audio ends in an error that says so, instead of hanging. */
    public static void assertNoAudioIsAnError(SpeechRecognizer recognizer) {
        Collector.Transcripts results = new Collector.Transcripts();
        recognizer.startUtterance(results).finish();
        results.awaitEnd();
        assertNotNull(results.error);
        assertTrue(results.error.getMessage().contains("no audio"), results.error.getMessage());
    }

    /** A cancelled utterance reports nothing, not even after finish(); waits {@code graceMillis} for a stray report. */
    public static void assertCancelledStaysSilent(SpeechRecognizer recognizer, long graceMillis) throws InterruptedException {
        short[] pcm = TestRecordings.librivoxAndCards().get(1).pcm();
        Collector.Transcripts results = new Collector.Transcripts();
        SpeechRecognizer.Utterance utterance = recognizer.startUtterance(results);
        utterance.accept(pcm, 0, pcm.length);
        utterance.cancel();
        utterance.finish();
        Thread.sleep(graceMillis); // give a wrongly delivered final the chance to show up
        assertNull(results.fin);
        assertNull(results.error);
    }

    public static List<short[]> eightRecordings() {
        List<short[]> pcm = new ArrayList<>();
        for (Recording r : TestRecordings.librivoxAndCards().subList(1, 9)) {
            pcm.add(r.pcm());
        }
        return pcm;
    }

    public static double percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
