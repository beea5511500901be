package dev.parley.conversation.bench;

import java.util.Arrays;
import dev.parley.rtp.InboundAudioFrame;
import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationSettings;
import dev.parley.conversation.TurnMetrics;
import dev.parley.conversation.VirtualClock;
import dev.parley.conversation.rig.Audio;
import dev.parley.conversation.rig.EmbeddedSpeech;
import dev.parley.conversation.rig.PacedOutput;
import dev.parley.conversation.rig.ScriptedProviders;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./parley bench engine}: the conversation engine's own cost per 20 ms frame (everything but
 * model compute), and, with the embedded providers, the server-side response latency (end of user
 * speech to first agent audio out) over at least 20 turns. Prints and appends to docs/benchmarks.md.
 */
public final class EngineBenchmark {

    private static final int FRAME = 320;

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkReport report = new BenchmarkReport("engine: conversation engine");
        engineOverhead(report);
        responseLatency(report);
        report.publish();
    }

    /** Questions the built-in knowledge answers, spoken by flite, after the real recordings. */
    private static final List<String> SPOKEN_QUESTIONS = List.of(
            "What is Parley?", "Can I interrupt you?", "How fast are you?", "Which speech recognizer do you use?",
            "How do I deploy Parley?", "Does Parley work offline?", "What voice do you use?", "Who are you?",
            "How does Parley work?", "Is there an admin API?", "What is Kurento?", "Which language model do you use?",
            "How do I embed the widget?", "Thank you.");

    /**
     * Real time, embedded providers (Silero, vosk+moonshine as deployed, the retrieval model over the built-in
     * knowledge, flite), one session: end of user speech to first agent audio out, per turn.
     */
    private static void responseLatency(BenchmarkReport report) throws Exception {
        List<short[]> questions = new ArrayList<>(recordings());
        for (String q : SPOKEN_QUESTIONS) {
            questions.add(Audio.flite(q));
        }
        ConversationSettings settings = ConversationSettings.defaults();
        ResponseLatencyRun run = new ResponseLatencyRun();
        try (EmbeddedSpeech speech = EmbeddedSpeech.asDeployed();
             RetrievalLanguageModel model = new RetrievalLanguageModel(RetrievalSettings.defaults())) {
            run.run(settings, speech.with(model), questions, 20, 2 * questions.size());
        }
        List<TurnMetrics> answered = run.answeredTurns();
        report.line("")
                .line("### Server-side response latency, embedded providers, real time")
                .line("")
                .line(String.format("Questions from %d pocketsphinx-testdata recordings and %d flite questions, asked in one session"
                        + " until 20 were answered: %d asked, %d answered turns measured. Endpointing silence %d ms after a complete-sounding"
                        + " utterance, %d ms otherwise, %d ms after an unfinished-sounding one; it is part of the response latency by definition.",
                        questions.size() - SPOKEN_QUESTIONS.size(), SPOKEN_QUESTIONS.size(), run.asked, answered.size(),
                        settings.completeUtteranceSilenceMillis(), settings.endpointingSilenceMillis(), settings.unfinishedUtteranceSilenceMillis()))
                .line("")
                .line("| stage | p50 | p95 |")
                .line("|---|---|---|")
                .line(row("end of speech → first audio out (response latency)", answered, TurnMetrics::responseLatencyMillis))
                .line(row("end of speech → end of turn decided (endpointing silence)", answered, TurnMetrics::endpointingMillis))
                .line(row("end of turn → STT final (recogniser catching up)", answered, TurnMetrics::sttFinishLatencyMillis))
                .line(row("STT final → LLM first token", answered, TurnMetrics::firstTokenLatencyMillis))
                .line(row("LLM first token → first TTS audio", answered, TurnMetrics::firstTtsAudioLatencyMillis))
                .line(row("first TTS audio → first audio out (next 20 ms tick)", answered,
                        m -> (m.firstAudioOutNanos() - m.firstTtsAudioNanos()) / 1_000_000L));
        report.line("")
                .line(String.format("Answers prepared during the user's pause and released at the endpoint (preemptive, model time hidden):"
                                + " %d of %d; prepared replies cancelled unheard (the user went on, or the final's words differed): %d.",
                        answered.stream().filter(TurnMetrics::preemptiveUsed).count(), answered.size(),
                        answered.stream().mapToInt(TurnMetrics::preemptiveWasted).sum()));
        long[] accept = run.acceptNanos.stream().mapToLong(Long::longValue).toArray();
        double acceptMean = run.acceptNanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        report.line("")
                .line(String.format("Engine time per 20 ms frame in this run: VAD and framing on the media thread mean %.0f µs"
                                + " (p95 %.0f µs, Silero included); the session lane's turn-taking work mean %.1f µs per frame (%d tasks).",
                        acceptMean / 1e3, BenchmarkReport.percentile(accept, 95) / 1e3,
                        run.laneNanos.get() / 1e3 / Math.max(1, run.frames), run.laneTasks.get()));
    }

    private static String row(String stage, List<TurnMetrics> turns, java.util.function.ToLongFunction<TurnMetrics> millis) {
        List<Double> values = turns.stream().map(m -> (double) millis.applyAsLong(m)).toList();
        return String.format("| %s | %.0f ms | %.0f ms |", stage, BenchmarkReport.percentile(values, 50), BenchmarkReport.percentile(values, 95));
    }

    /** Recorded speech with pauses, long enough for many turns. */
    static List<short[]> recordings() throws Exception {
        List<short[]> clips = new ArrayList<>();
        try (Stream<Path> files = Files.list(Audio.TESTDATA.resolve("librivox"))) {
            files.filter(f -> f.toString().endsWith(".wav")).sorted().forEach(f -> clips.add(Audio.wav(f)));
        }
        for (int i = 1; i <= 5; i++) {
            clips.add(Audio.wav(Audio.TESTDATA.resolve("cards/00" + i + ".wav")));
        }
        clips.add(Audio.raw(Audio.TESTDATA.resolve("goforward.raw")));
        return clips;
    }

    /**
     * Frames through the whole engine with scripted providers whose own cost is negligible (an
     * energy VAD, a word-revealing recogniser, a tone synthesiser), on a virtual clock so the
     * measurement is the engine's work per frame, not waiting.
     */
    private static void engineOverhead(BenchmarkReport report) throws Exception {
        List<short[]> clips = recordings();
        int rounds = 12;
        List<Long> perFrame = new ArrayList<>();
        long frames = 0;
        long turns = 0;
        for (int round = 0; round < rounds; round++) {
            VirtualClock clock = new VirtualClock(0);
            PacedOutput output = new PacedOutput(clock);
            ScriptedProviders scripted = new ScriptedProviders(200, 40).agentAnswers(h -> "Sure, here is a short answer. It has two sentences.");
            for (int i = 0; i < clips.size(); i++) {
                scripted.userSays("question number " + i + " about the museum");
            }
            List<ConversationEvent> events = new ArrayList<>();
            ConversationEngine engine = new ConversationEngine(ConversationSettings.defaults(), scripted.providers(), output, clock, clock, events::add);
            engine.start();
            boolean measured = round >= 2; // the first rounds warm up the JIT
            for (short[] clip : clips) {
                short[] audio = Audio.concat(clip, Audio.silence(4_000));
                for (int at = 0; at + FRAME <= audio.length; at += FRAME) {
                    long t0 = System.nanoTime();
                    clock.advance(20_000_000L);
                    engine.acceptAudio(new InboundAudioFrame(Arrays.copyOfRange(audio, at, at + FRAME), false, clock.nanoTime()));
                    clock.runReady();
                    output.tick();
                    clock.runReady();
                    long took = System.nanoTime() - t0;
                    if (measured) {
                        perFrame.add(took);
                        frames++;
                    }
                }
            }
            engine.close();
            clock.runReady();
            if (measured) {
                turns += events.stream().filter(e -> e instanceof ConversationEvent.TurnCompleted).count();
            }
        }
        long[] nanos = perFrame.stream().mapToLong(Long::longValue).toArray();
        double mean = perFrame.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        report.line("### Engine overhead per 20 ms frame (scripted providers, virtual clock)")
                .line("")
                .line("Everything the engine does per frame except model compute: slicing into VAD frames, hysteresis,")
                .line("pre-roll, feeding STT, endpoint and barge-in decisions, reply chunking, output bookkeeping, events.")
                .line("")
                .line("| frames | agent turns | mean | p50 | p95 | p99 | share of the 20 ms frame (mean) |")
                .line("|---|---|---|---|---|---|---|")
                .line(String.format("| %d | %d | %.1f µs | %.1f µs | %.1f µs | %.1f µs | %.3f %% |", frames, turns, mean / 1e3,
                        BenchmarkReport.percentile(nanos, 50) / 1e3, BenchmarkReport.percentile(nanos, 95) / 1e3,
                        BenchmarkReport.percentile(nanos, 99) / 1e3, mean / 20_000_000.0 * 100));
    }
}
