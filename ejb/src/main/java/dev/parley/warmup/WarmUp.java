package dev.parley.warmup;

import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.VoiceActivityDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One rehearsal turn through the providers a call uses: the synthesizer says a question, the
 * detector and the recognizer hear it, the language model answers what was recognized. Loading a
 * model happens on its first use, and the first inference of an ONNX session or a native library is
 * the slow one: doing both here moves that cost from the first caller to the start.
 *
 * <p>A provider is only rehearsed if {@code rehearse} says so (remote ones are not: a request to a
 * paid API at every start is not wanted); the others are skipped and reported as such. When every
 * provider was rehearsed and a {@link RehearsalTurn} is given, the same question is then asked once
 * more through a conversation engine, which warms what the providers alone leave cold.
 */
public final class WarmUp {

    /** The question said to the recognizer; any answer will do. */
    static final String QUESTION = "How does Parley work?";
    private static final int SAMPLE_RATE = 16_000;

    /** Which capabilities ("vad", "stt", "llm", "tts") may be exercised. */
    public interface Rehearsal {
        boolean allows(String capability);
    }

    private final VoiceActivityDetector vad;
    private final SpeechRecognizer recognizer;
    private final LanguageModel model;
    private final SpeechSynthesizer synthesizer;
    private final Rehearsal rehearse;
    private final Duration stepTimeout;
    private final RehearsalTurn turn;

    public WarmUp(VoiceActivityDetector vad, SpeechRecognizer recognizer, LanguageModel model, SpeechSynthesizer synthesizer,
            Rehearsal rehearse, Duration stepTimeout) {
        this(vad, recognizer, model, synthesizer, rehearse, stepTimeout, null);
    }

    /** @param turn the whole turn to rehearse after the providers, or null for the providers only */
    public WarmUp(VoiceActivityDetector vad, SpeechRecognizer recognizer, LanguageModel model, SpeechSynthesizer synthesizer,
            Rehearsal rehearse, Duration stepTimeout, RehearsalTurn turn) {
        this.turn = turn;
        this.vad = vad;
        this.recognizer = recognizer;
        this.model = model;
        this.synthesizer = synthesizer;
        this.rehearse = rehearse;
        this.stepTimeout = stepTimeout;
    }

    /**
     * What the rehearsal took per capability (and "turn"), in the order run; skipped ones are absent.
     *
     * @param turnResponseMillis the rehearsed turn's response latency (end of speech to first audio
     *                           out), or -1 if no turn was rehearsed
     * @param turnFailure        why the rehearsed turn failed (the providers were warmed all the same), or null
     */
    public record Result(Map<String, Duration> steps, List<String> skipped, long turnResponseMillis, String turnFailure) {
        public Duration total() {
            return steps.values().stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    /**
     * Runs the rehearsal on the calling thread.
     *
     * @throws WarmUpException if a provider fails or does not finish within the step timeout
     * @throws InterruptedException if the thread is interrupted (the application is stopping)
     */
    public Result run() throws WarmUpException, InterruptedException {
        Map<String, Duration> steps = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        // Without a synthesizer to rehearse, a second of silence stands in for the question.
        short[] speech = new short[SAMPLE_RATE];
        if (rehearse.allows("tts")) {
            long start = System.nanoTime();
            speech = synthesize(QUESTION);
            steps.put("tts", Duration.ofNanos(System.nanoTime() - start));
        } else {
            skipped.add("tts");
        }
        if (rehearse.allows("vad")) {
            long start = System.nanoTime();
            detect(speech);
            steps.put("vad", Duration.ofNanos(System.nanoTime() - start));
        } else {
            skipped.add("vad");
        }
        String heard = QUESTION;
        if (rehearse.allows("stt")) {
            long start = System.nanoTime();
            String text = recognize(speech);
            steps.put("stt", Duration.ofNanos(System.nanoTime() - start));
            if (!text.isBlank()) {
                heard = text;
            }
        } else {
            skipped.add("stt");
        }
        if (rehearse.allows("llm")) {
            long start = System.nanoTime();
            answer(heard);
            steps.put("llm", Duration.ofNanos(System.nanoTime() - start));
        } else {
            skipped.add("llm");
        }
        long turnResponseMillis = -1;
        String turnFailure = null;
        if (turn != null && skipped.isEmpty()) {
            long start = System.nanoTime();
            try {
                turnResponseMillis = turn.run(speech, stepTimeout).responseLatencyMillis();
                steps.put("turn", Duration.ofNanos(System.nanoTime() - start));
            } catch (WarmUpException | RuntimeException e) {
                turnFailure = e.getMessage();
            }
        } else if (turn != null) {
            skipped.add("turn");
        }
        return new Result(steps, skipped, turnResponseMillis, turnFailure);
    }

    private short[] synthesize(String text) throws WarmUpException, InterruptedException {
        CompletableFuture<short[]> done = new CompletableFuture<>();
        List<short[]> chunks = new ArrayList<>();
        var work = synthesizer.synthesize(text, new SpeechSynthesizer.Listener() {
            @Override
            public void onAudio(short[] pcm) {
                synchronized (chunks) {
                    chunks.add(pcm);
                }
            }

            @Override
            public void onComplete() {
                synchronized (chunks) {
                    done.complete(concatenate(chunks));
                }
            }

            @Override
            public void onError(SpeechException error) {
                done.completeExceptionally(error);
            }
        });
        return await("tts", done, work::cancel);
    }

    private void detect(short[] speech) {
        int frame = vad.frameSamples();
        try (VoiceActivityDetector.Stream stream = vad.open()) {
            for (int at = 0; at + frame <= speech.length; at += frame) {
                stream.speechProbability(Arrays.copyOfRange(speech, at, at + frame));
            }
        }
    }

    private String recognize(short[] speech) throws WarmUpException, InterruptedException {
        CompletableFuture<String> done = new CompletableFuture<>();
        SpeechRecognizer.Utterance utterance = recognizer.startUtterance(new SpeechRecognizer.Listener() {
            @Override
            public void onPartial(Transcript partial) {
                // only the final result matters here
            }

            @Override
            public void onFinal(Transcript fin) {
                done.complete(fin.isEmpty() ? "" : fin.text());
            }

            @Override
            public void onError(SpeechException error) {
                done.completeExceptionally(error);
            }
        });
        // In 20 ms pieces, as the RTP bridge hands audio over.
        int piece = SAMPLE_RATE / 50;
        for (int at = 0; at < speech.length; at += piece) {
            utterance.accept(speech, at, Math.min(piece, speech.length - at));
        }
        utterance.finish();
        return await("stt", done, utterance::cancel);
    }

    private void answer(String question) throws WarmUpException, InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        var work = model.reply(List.of(ChatMessage.user(question)), new LanguageModel.Listener() {
            @Override
            public void onToken(String token) {
                // the reply itself is not needed
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }

            @Override
            public void onError(SpeechException error) {
                done.completeExceptionally(error);
            }
        });
        await("llm", done, work::cancel);
    }

    private <T> T await(String capability, CompletableFuture<T> done, Runnable cancel) throws WarmUpException, InterruptedException {
        try {
            return done.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new WarmUpException(capability + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            cancel.run();
            throw new WarmUpException(capability + " did not finish within " + stepTimeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            cancel.run();
            throw e;
        }
    }

    private static short[] concatenate(List<short[]> chunks) {
        short[] all = new short[chunks.stream().mapToInt(c -> c.length).sum()];
        int at = 0;
        for (short[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }
}
