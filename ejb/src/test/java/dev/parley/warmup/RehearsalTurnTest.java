package dev.parley.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.hybrid.HybridSettings;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.vosk.VoskSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;
import dev.parley.speech.testing.Collector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The preload's rehearsed turn, through the built-in providers a call uses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearsalTurnTest {

    private SileroVoiceActivityDetector vad;
    private HybridRecognizer recognizer;
    private RetrievalLanguageModel model;
    private FliteSynthesizer synthesizer;
    private final ExecutorService lanes = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void load() {
        vad = new SileroVoiceActivityDetector(SileroSettings.defaults());
        recognizer = new HybridRecognizer(HybridSettings.defaults(), VoskSettings.defaults(), MoonshineSettings.defaults(),
                RecognizerChecks.knowledgeHints());
        model = new RetrievalLanguageModel(RetrievalSettings.defaults());
        synthesizer = new FliteSynthesizer(FliteSettings.defaults());
    }

    @AfterAll
    void close() throws InterruptedException {
        lanes.shutdownNow();
        timers.shutdownNow();
        assertTrue(lanes.awaitTermination(5, TimeUnit.SECONDS) && timers.awaitTermination(5, TimeUnit.SECONDS));
        synthesizer.close();
        model.close();
        recognizer.close();
        vad.close();
    }

    private RehearsalTurn turn(SpeechRecognizer recognizer) {
        return new RehearsalTurn(ConversationSettings.defaults(), new ConversationProviders(vad, recognizer, model, synthesizer),
                lanes, timers, 32_000, 5);
    }

    @Test
    void thePreloadAsksItsQuestionOnceMoreThroughAConversationEngineAndItIsAnswered() throws Exception {
        WarmUp.Result result = new WarmUp(vad, recognizer, model, synthesizer, capability -> true, Duration.ofSeconds(60),
                turn(recognizer)).run();

        assertNull(result.turnFailure());
        assertEquals(List.of("tts", "vad", "stt", "llm", "turn"), List.copyOf(result.steps().keySet()));
        // An answered turn reached every stage to its first packet out; its figure is only printed.
        assertTrue(result.turnResponseMillis() >= 0, "the rehearsed turn was not answered: " + result);
        System.out.println("rehearsed turn answered in " + result.turnResponseMillis() + " ms, steps " + result.steps());
    }

    @Test
    void noTurnIsRehearsedWhenAProviderWasNot() throws Exception {
        WarmUp.Result result = new WarmUp(vad, recognizer, model, synthesizer, capability -> !capability.equals("llm"),
                Duration.ofSeconds(60), turn(recognizer)).run();

        assertEquals(List.of("llm", "turn"), result.skipped());
        assertEquals(-1, result.turnResponseMillis());
    }

    @Test
    void aTurnThatIsNeverAnsweredFailsWithinItsTimeAndEndsTheEngine() throws Exception {
        AtomicInteger utterances = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        SpeechRecognizer deaf = listener -> {
            utterances.incrementAndGet();
            return new SpeechRecognizer.Utterance() {
                @Override
                public void accept(short[] pcm, int offset, int length) {
                }

                @Override
                public void finish() {
                    // never a final: the engine waits for it
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            };
        };
        Collector.Audio question = new Collector.Audio();
        synthesizer.synthesize(WarmUp.QUESTION, question);
        question.awaitEnd();

        WarmUpException failure = assertThrows(WarmUpException.class, () -> turn(deaf).run(question.joined(), Duration.ofSeconds(4)));

        assertTrue(failure.getMessage().contains("not answered within 4 s"), failure.getMessage());
        assertEquals(1, utterances.get(), "the question was heard as one utterance");
        // Ending the engine cancels what it still waits for (on its lane, shortly after).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cancelled.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(cancelled.get(), "the engine's pending utterance was not cancelled when the rehearsal ended");
    }
}
