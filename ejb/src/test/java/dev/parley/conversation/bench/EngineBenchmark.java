package dev.parley.conversation.bench;

import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationSettings;
import dev.parley.conversation.VirtualClock;
import dev.parley.conversation.rig.Audio;
import dev.parley.conversation.rig.PacedOutput;
import dev.parley.conversation.rig.ScriptedProviders;

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
        report.publish();
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
                    engine.acceptAudio(audio, at, FRAME);
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
