package dev.parley.e2e.bench;

import dev.parley.e2e.BrowserRun;
import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Event;
import dev.parley.e2e.PageRecording.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
 * Run from the project root inside a loopback-only namespace ({@code ./parley bench voice});
 * results are appended to {@code -Dparley.benchmarks.file} (docs/benchmarks.md) with a PNG plot next to it.
 */
public final class VoiceLatencyBenchmark {

    private static final double MIC_SPEECH_DB = -40;
    private static final double AGENT_SPEECH_DB = -50;
    private static final int PORT = 18080;

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path results = Path.of(System.getProperty("parley.benchmarks.file", root.resolve("docs/benchmarks.md").toString()));
        int calls = Integer.getInteger("parley.bench.calls", 2);
        List<Process> servers = new ArrayList<>();
        Path work = Files.createTempDirectory("parley-voice-bench-");
        try {
            servers.add(start(work, "media.log", "java", "-jar", root.resolve("kurento-modules/target/parley-media-server.jar").toString()));
            awaitLine(work.resolve("media.log"), "listening on", 90);
            servers.add(start(work, "micro.log", "java", "-jar", root.resolve("web/target/payara-micro.jar").toString(), "--nocluster",
                    "--port", String.valueOf(PORT), "--deploy", root.resolve("web/target/parley-micro.war").toString(), "--contextroot", "parley"));
            awaitLine(work.resolve("micro.log"), "Payara Micro URLs", 400);

            List<Long> voiceToVoice = new ArrayList<>();
            List<Long> bargeIn = new ArrayList<>();
            List<Event> metrics = new ArrayList<>();
            for (int call = 0; call < calls; call++) {
                PageRecording page = BrowserRun.scriptedConversation(URI_PAGE(), work);
                measure(page, voiceToVoice, bargeIn);
                metrics.addAll(page.named("metrics"));
            }
            String report = report(voiceToVoice, bargeIn, metrics, calls);
            System.out.println(report);
            Path plot = results.resolveSibling("benchmarks-voice.png");
            BrowserRun.plot(voiceToVoice, bargeIn, plot, work);
            Files.writeString(results, report + "\n![voice-to-voice and barge-in at the client](benchmarks-voice.png)\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            for (Process p : servers) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String URI_PAGE() {
        return "http://127.0.0.1:" + PORT + "/parley/index.html";
    }

    /** Per agent turn: voice-to-voice for answered questions, reaction for interrupted answers. */
    static void measure(PageRecording page, List<Long> voiceToVoice, List<Long> bargeIn) {
        List<Event> states = page.named("state");
        for (int i = 0; i < states.size(); i++) {
            if (!"speaking".equals(states.get(i).detail().getString("state"))) {
                continue;
            }
            double speakingAt = states.get(i).atMillis();
            double previousEnd = previousSpeakingEnd(states, i);
            // the user's question: the last loud microphone sample between the previous answer and this one
            double lastUserVoice = page.microphone().stream()
                    .filter(l -> l.atMillis() > previousEnd && l.atMillis() < speakingAt && l.db() > MIC_SPEECH_DB)
                    .mapToDouble(Level::atMillis).max().orElse(Double.NaN);
            double firstAgentAudio = page.levels().stream()
                    .filter(l -> l.atMillis() > lastUserVoice && l.db() > AGENT_SPEECH_DB)
                    .mapToDouble(Level::atMillis).min().orElse(Double.NaN);
            if (!Double.isNaN(lastUserVoice) && !Double.isNaN(firstAgentAudio)) {
                voiceToVoice.add(Math.round(firstAgentAudio - lastUserVoice));
            }
        }
        for (Event cut : page.named("interrupted")) {
            Event speaking = states.stream().filter(s -> s.atMillis() < cut.atMillis() && "speaking".equals(s.detail().getString("state")))
                    .reduce((a, b) -> b).orElse(null);
            if (speaking == null) {
                continue;
            }
            double onset = page.microphone().stream()
                    .filter(l -> l.atMillis() > speaking.atMillis() + 300 && l.atMillis() < cut.atMillis() && l.db() > MIC_SPEECH_DB)
                    .mapToDouble(Level::atMillis).min().orElse(Double.NaN);
            double lastAgentAudio = page.levels().stream()
                    .filter(l -> l.atMillis() > onset && l.atMillis() < cut.atMillis() + 2000 && l.db() > AGENT_SPEECH_DB)
                    .mapToDouble(Level::atMillis).max().orElse(Double.NaN);
            if (!Double.isNaN(onset) && !Double.isNaN(lastAgentAudio)) {
                bargeIn.add(Math.round(lastAgentAudio - onset));
            }
        }
    }

    private static double previousSpeakingEnd(List<Event> states, int speakingIndex) {
        for (int j = speakingIndex - 1; j >= 0; j--) {
            if ("speaking".equals(states.get(j).detail().getString("state"))) {
                return j + 1 < states.size() ? states.get(j + 1).atMillis() : 0;
            }
        }
        return 0;
    }

    static String report(List<Long> voiceToVoice, List<Long> bargeIn, List<Event> metrics, int calls) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n## voice: browser to browser — ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)))
                .append(" UTC\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]).append(" at the end, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", Java ").append(System.getProperty("java.version")).append("\n\n");
        out.append(calls).append(" scripted calls in headless Chromium (flite questions as the fake microphone, echo cancellation off)")
                .append(" to Payara Micro with the micro WAR and the embedded media server on loopback; embedded providers.")
                .append(" Client times come from the page's own audio (AnalyserNode every 20 ms on the microphone and on the agent's track),")
                .append(" so they include endpointing silence, recognition, the reply, WebRTC both ways and Chromium's jitter buffer.\n\n");
        out.append("| measure (client) | turns | p50 | p95 |\n|---|---|---|---|\n");
        out.append(row("voice-to-voice: end of user speech → first agent audio heard", voiceToVoice));
        out.append(row("barge-in: user speech onset → agent audio stopped", bargeIn));
        out.append("\n| stage (server, same turns) | turns | p50 | p95 |\n|---|---|---|---|\n");
        for (String[] stage : new String[][] {
                {"responseLatencyMillis", "end of speech → first audio out"},
                {"sttFinalMillis", "end of speech → STT final"},
                {"firstTokenMillis", "STT final → LLM first token"},
                {"firstTtsAudioMillis", "LLM first token → first TTS audio"},
                {"bargeInReactionMillis", "barge-in onset → agent audio flushed"}}) {
            List<Long> values = metrics.stream().map(m -> (long) m.detail().getInt(stage[0], -1)).filter(v -> v >= 0).toList();
            out.append(row(stage[1], values));
        }
        return out.toString();
    }

    private static String row(String name, List<Long> values) {
        return "| " + name + " | " + values.size() + " | " + percentile(values, 50) + " ms | " + percentile(values, 95) + " ms |\n";
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Process start(Path work, String log, String... command) throws IOException {
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile()).start();
    }

    private static void awaitLine(Path log, String text, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("'" + text + "' never appeared in " + log);
    }
}
