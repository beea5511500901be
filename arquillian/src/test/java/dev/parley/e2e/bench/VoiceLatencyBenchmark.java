package dev.parley.e2e.bench;

import dev.parley.e2e.BrowserRun;
import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PortalBackend;
import dev.parley.e2e.bench.TurnTimings.BargeIn;
import dev.parley.e2e.bench.TurnTimings.Turn;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What users feel, measured at the browser: scripted conversations in headless Chromium (fake
 * microphone from flite WAVs, echo cancellation off so the file is heard as is) against Payara
 * Micro with the micro WAR and the embedded media server, which this class starts and stops.
 *
 * <ul>
 * <li>voice-to-voice latency: the microphone's last loud sample of a question to the first loud
 *     sample of the agent's audio the page plays;</li>
 * <li>barge-in reaction: the onset of the interrupting speech at the microphone to the last loud
 *     sample of the agent's audio;</li>
 * <li>server stage timings of the same turns (the parley:metrics events).</li>
 * </ul>
 * Run from the project root inside a loopback-only namespace ({@code ./parley bench voice}), after
 * a build; results are appended to {@code -Dparley.benchmarks.file} (docs/benchmarks.md) with a PNG
 * plot next to it ({@code voice-latency.png}). {@code -Dparley.bench.calls} sets the number of
 * scripted calls (default 3, twelve agent turns each), {@code -Dparley.bench.turnTakingCalls} the
 * number of calls with issue 14's turn-taking cases after them (default 2; {@link TurnTakingCall}).
 * Every call also samples Chromium's getStats for the page-side hops ({@link PageHops}).
 */
public final class VoiceLatencyBenchmark {

    private static final int PORT = 18080;
    private static final String API_KEY = "bench-portal-key";
    private static final long LOAD_EVERY_MILLIS = 5000;

    private VoiceLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path results = Path.of(System.getProperty("parley.benchmarks.file", root.resolve("docs/benchmarks.md").toString()));
        int calls = Integer.getInteger("parley.bench.calls", 3);
        int turnTakingCalls = Integer.getInteger("parley.bench.turnTakingCalls", 2);
        URI page = URI.create("http://127.0.0.1:" + PORT + "/parley/index.html");
        List<Process> servers = new ArrayList<>();
        // The servers' logs, the microphone WAVs and each call's raw page recording stay here for a look afterwards.
        Path work = root.resolve("arquillian/target/voice-bench");
        BenchServers.deleteTree(work);
        Files.createDirectories(work);
        try {
            servers.add(BenchServers.start(work, "media.log", "java", "-jar", BenchServers.built(root, "kurento-modules/target/parley-media-server.jar")));
            BenchServers.awaitLine(servers.get(0), work.resolve("media.log"), "listening on", 90);
            // A portal API key so that the calls use real widget tokens, as a portal's pages would.
            servers.add(BenchServers.start(work, "micro.log", "java", "-Dparley.security.api-keys=" + API_KEY, "-jar",
                    BenchServers.built(root, "web/target/payara-micro.jar"), "--nocluster", "--port", String.valueOf(PORT),
                    "--deploy", BenchServers.built(root, "web/target/parley-micro.war"), "--contextroot", "parley"));
            BenchServers.awaitReady(servers.get(1), work.resolve("micro.log"), URI.create("http://127.0.0.1:" + PORT + "/health/ready"), 600);

            PortalBackend portal = new PortalBackend(page, API_KEY);
            System.out.println("voice benchmark: warming up (the first answer loads the models)");
            BrowserRun.warmUp(portal.pageWithToken(page, "echo-cancellation=off"), work);

            List<Turn> turns = new ArrayList<>();
            List<BargeIn> bargeIns = new ArrayList<>();
            List<PageHops> hops = new ArrayList<>();
            List<PageStats> callStats = new ArrayList<>();
            List<TurnTakingCall.Outcome> outcomes = new ArrayList<>();
            double loadBefore = LoadSampler.now();
            String loadDuring;
            String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
            long startedNanos = System.nanoTime();
            try (LoadSampler load = new LoadSampler(LOAD_EVERY_MILLIS)) {
                int all = calls + turnTakingCalls;
                for (int call = 1; call <= all; call++) {
                    boolean turnTaking = call > calls;
                    System.out.println("voice benchmark: call " + call + " of " + all + (turnTaking ? " (turn-taking cases)" : ""));
                    String token = portal.pageWithToken(page, "echo-cancellation=off");
                    TurnTakingCall script = new TurnTakingCall();
                    String raw = turnTaking
                            ? BrowserRun.call(token, script.write(Files.createTempDirectory(work, "turn-taking-")), PageStats.INSTALL)
                            : BrowserRun.scriptedConversation(token, work, PageStats.INSTALL);
                    Files.writeString(work.resolve("call-" + call + ".json"), raw);
                    PageRecording recording = PageRecording.parse(raw);
                    PageStats stats = PageStats.parse(raw);
                    if (!recording.named("error").isEmpty()) {
                        System.out.println("voice benchmark: the page reported errors: " + recording.named("error"));
                    }
                    List<Turn> callTurns = TurnTimings.turns(call, recording);
                    List<BargeIn> callBargeIns = TurnTimings.bargeIns(call, recording);
                    List<PageHops> callHops = PageHops.of(call, recording, stats);
                    callTurns.forEach(t -> System.out.println("  " + t));
                    callBargeIns.forEach(b -> System.out.println("  " + b));
                    callHops.forEach(h -> System.out.println("  " + h));
                    System.out.printf(Locale.ROOT, "  getStats: %d samples, concealed %.1f %%, jitter buffer %.0f ms per sample, longest packet gap %.0f ms,"
                            + " audio levels from the sender: %s%n", stats.samples().size(), 100 * stats.concealedShare(),
                            stats.meanJitterBufferMillis(), stats.longestPacketGapMillis(), stats.hasAudioLevels());
                    hops.addAll(callHops);
                    callStats.add(stats);
                    if (turnTaking) {
                        List<TurnTakingCall.Outcome> callOutcomes = script.evaluate(call, recording);
                        callOutcomes.forEach(o -> System.out.println("  " + o));
                        outcomes.addAll(callOutcomes);
                    } else { // the turn-taking call's turns and cuts are judged case by case
                        turns.addAll(callTurns);
                        bargeIns.addAll(callBargeIns);
                    }
                }
                loadDuring = load.summary(LOAD_EVERY_MILLIS);
            }
            long minutes = Math.round((System.nanoTime() - startedNanos) / 60e9);
            String report = report(turns, bargeIns, calls, started, loadBefore, loadDuring)
                    + TurnTakingReport.of(turns, bargeIns, hops, callStats, outcomes, turnTakingCalls, minutes);
            System.out.println(report);
            Path plot = results.resolveSibling("voice-latency.png");
            LatencyPlot.write(turns, bargeIns, "Parley voice latency at the browser and per server stage (" + started + " UTC)", plot);
            Files.writeString(results, report + "\n![Per turn: server stages stacked, latency heard at the page marked; barge-in reactions]"
                    + "(" + plot.getFileName() + ")\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("voice benchmark: appended to " + results + ", plot " + plot);
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                BenchServers.stop(servers.get(i));
            }
        }
    }

    static String report(List<Turn> turns, List<BargeIn> bargeIns, int calls, String started, double loadBefore, String loadDuring)
            throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n## voice: browser to browser — ").append(started).append(" UTC\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ").append(BenchServers.cpuModel())
                .append(", ").append(BenchServers.memory()).append(" RAM, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(", Java ").append(System.getProperty("java.version")).append(".\n");
        out.append(String.format(Locale.ROOT, "Load average (1 min): %.2f before the calls; during them %s. ", loadBefore, loadDuring))
                .append("The machine was shared with other builds.\n\n");
        out.append(calls).append(" scripted calls (after one warm-up call) in headless Chromium, flite questions as the fake microphone")
                .append(" and echo cancellation off, to Payara Micro with the micro WAR and the embedded media server on loopback;")
                .append(" embedded providers (Silero VAD, Vosk + Moonshine, retrieval over MiniLM-L6-v2, flite). Each call asks 12 questions;")
                .append(" 5 of them are followed by the next question 5 s later, which cuts the answer short (barge-in) if it is still playing.")
                .append(" Client times come from the page's own audio (AnalyserNode every 20 ms on the microphone track and on the")
                .append(" agent's track), so they include the endpointing silence, recognition, the reply, WebRTC both ways and")
                .append(" Chromium's jitter buffer and playout (±20 ms sampling).\n\n");
        List<Long> voiceToVoice = values(turns, Turn::clientVoiceToVoice);
        List<Long> clientBargeIn = bargeIns.stream().map(BargeIn::clientReaction).toList();
        out.append("| measure (at the browser) | samples | p50 | p95 |\n|---|---|---|---|\n");
        out.append(row("voice-to-voice: end of user speech → first agent audio heard", voiceToVoice));
        out.append(row("barge-in: user speech onset → agent audio stopped", clientBargeIn));
        out.append(row("… onset → `agent-paused` event at the page (the way in, the VAD's confirmation)",
                bargeIns.stream().filter(b -> b.onsetToPausedEvent() >= 0).map(BargeIn::onsetToPausedEvent).toList()));
        out.append(row("… `agent-paused` event → agent audio stopped (audio already on its way out)",
                bargeIns.stream().filter(b -> b.onsetToPausedEvent() >= 0).map(BargeIn::pausedEventToStop).toList()));
        out.append("\n| stage (server, the same turns) | samples | p50 | p95 |\n|---|---|---|---|\n");
        out.append(row("end of speech → end of turn decided (endpointing silence)", values(turns, Turn::endpointing)));
        out.append(row("end of speech → STT final", values(turns, Turn::sttFinal)));
        out.append(row("STT final → LLM first token", values(turns, Turn::firstToken)));
        out.append(row("LLM first token → first TTS audio", values(turns, Turn::firstTtsAudio)));
        out.append(row("first TTS audio → first packet out", values(turns, Turn::ttsToFirstPacket)));
        out.append(row("end of speech → first packet out (response latency)", values(turns, Turn::firstPacketOut)));
        out.append(row("barge-in onset → agent audio flushed", bargeIns.stream().map(BargeIn::serverReaction).filter(v -> v >= 0).toList()));
        List<Long> gap = turns.stream().filter(t -> t.clientVoiceToVoice() >= 0 && t.firstPacketOut() >= 0)
                .map(t -> t.clientVoiceToVoice() - t.firstPacketOut()).toList();
        out.append(row("heard at the page minus server response latency (audio to and from the server, any backlog on the way, jitter buffer, playout)", gap));
        out.append("\n").append(turns.size()).append(" agent turns (").append(turns.stream().filter(Turn::interrupted).count())
                .append(" interrupted), ").append(bargeIns.size()).append(" barge-ins measured at the page.\n");
        return out.toString();
    }

    private static List<Long> values(List<Turn> turns, ToLongFunction<Turn> value) {
        return turns.stream().mapToLong(value).filter(v -> v >= 0).boxed().toList();
    }

    static String row(String name, List<Long> values) {
        return "| " + name + " | " + values.size() + " | " + percentile(values, 50) + " ms | " + percentile(values, 95) + " ms |\n";
    }

    /** Nearest-rank percentile; -1 without samples. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
