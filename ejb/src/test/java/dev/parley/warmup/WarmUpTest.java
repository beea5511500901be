package dev.parley.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.VoiceActivityDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rehearsal's order and plumbing, with stand-in providers (the real ones run under ./parley run). */
class WarmUpTest {

    private final List<short[]> synthesized = List.of(new short[1000], new short[1048]);
    private final AtomicInteger framesDetected = new AtomicInteger();
    private final AtomicInteger samplesRecognized = new AtomicInteger();
    private final List<List<ChatMessage>> asked = new ArrayList<>();
    private final AtomicBoolean recognitionCancelled = new AtomicBoolean();

    private final VoiceActivityDetector vad = new VoiceActivityDetector() {
        @Override
        public int frameSamples() {
            return 512;
        }

        @Override
        public Stream open() {
            return new Stream() {
                @Override
                public float speechProbability(short[] frame) {
                    assertEquals(512, frame.length);
                    framesDetected.incrementAndGet();
                    return 0.9f;
                }

                @Override
                public void reset() {
                }

                @Override
                public void close() {
                }
            };
        }
    };

    private final SpeechSynthesizer synthesizer = (text, listener) -> {
        assertEquals(WarmUp.QUESTION, text);
        new Thread(() -> {
            synthesized.forEach(listener::onAudio);
            listener.onComplete();
        }).start();
        return () -> { };
    };

    private SpeechRecognizer recognizer(String heard) {
        return listener -> new SpeechRecognizer.Utterance() {
            @Override
            public void accept(short[] pcm, int offset, int length) {
                samplesRecognized.addAndGet(length);
            }

            @Override
            public void finish() {
                new Thread(() -> listener.onFinal(new Transcript(heard, true, 128, 10))).start();
            }

            @Override
            public void cancel() {
                recognitionCancelled.set(true);
            }
        };
    }

    private final LanguageModel model = (history, listener) -> {
        asked.add(history);
        listener.onToken("It ");
        listener.onToken("listens.");
        listener.onComplete();
        return () -> { };
    };

    @Test
    void theRecognizerHearsWhatTheSynthesizerSaidAndTheModelAnswersWhatWasHeard() throws Exception {
        WarmUp.Result result = new WarmUp(vad, recognizer("how does parley work"), model, synthesizer, capability -> true,
                Duration.ofSeconds(10)).run();

        assertEquals(List.of("tts", "vad", "stt", "llm"), List.copyOf(result.steps().keySet()));
        assertTrue(result.skipped().isEmpty());
        assertEquals(2048, samplesRecognized.get());
        assertEquals(4, framesDetected.get());
        assertEquals(List.of(List.of(ChatMessage.user("how does parley work"))), asked);
    }

    @Test
    void providersNotToBeRehearsedAreSkippedAndNamed() throws Exception {
        Set<String> local = Set.of("vad", "stt");
        WarmUp.Result result = new WarmUp(vad, recognizer(""), model, synthesizer, local::contains, Duration.ofSeconds(10)).run();

        assertEquals(List.of("vad", "stt"), List.copyOf(result.steps().keySet()));
        assertEquals(List.of("tts", "llm"), result.skipped());
        // a second of silence stood in for the synthesized question
        assertEquals(16_000, samplesRecognized.get());
        assertTrue(asked.isEmpty());
    }

    @Test
    void aRecognizerThatNeverAnswersIsCancelledAndReported() {
        SpeechRecognizer silent = listener -> new SpeechRecognizer.Utterance() {
            @Override
            public void accept(short[] pcm, int offset, int length) {
            }

            @Override
            public void finish() {
            }

            @Override
            public void cancel() {
                recognitionCancelled.set(true);
            }
        };
        WarmUpException failure = assertThrows(WarmUpException.class,
                () -> new WarmUp(vad, silent, model, synthesizer, capability -> true, Duration.ofMillis(200)).run());

        assertTrue(failure.getMessage().startsWith("stt did not finish"), failure.getMessage());
        assertTrue(recognitionCancelled.get());
    }

    @Test
    void aFailingModelIsReportedWithItsCause() {
        LanguageModel broken = (history, listener) -> {
            listener.onError(new SpeechException("no knowledge file"));
            return () -> { };
        };
        WarmUpException failure = assertThrows(WarmUpException.class,
                () -> new WarmUp(vad, recognizer("hello"), broken, synthesizer, capability -> true, Duration.ofSeconds(10)).run());

        assertEquals("llm failed: no knowledge file", failure.getMessage());
    }
}
