package dev.parley.e2e.bench;

import dev.parley.e2e.KnowledgeQuestion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kurento.client.KurentoClient;

/**
 * How many full conversations one Parley instance holds at once on this machine, and two.
 *
 * <p>Stand-in callers ({@link StandInCaller}: WebRTC peers on a media server of their own, not
 * browsers) ask knowledge-file questions spoken by flite and listen to each answer to its end. The
 * ramp adds callers step by step ({@code -Dparley.bench.capacity.steps}, default
 * 1,2,4,6,8,10,12,14,16) and stops after two steps in a row that do not hold (or one that lost a
 * call or tripled the single call's p95): the capacity is the
 * largest number of calls with every call connected, every question answered, no packet lost on
 * either leg, and the voice-to-voice p95 within 1.5× the single call's ({@link CapacityStep}).
 * The same ramp then runs against two Payara Micro instances, each with its own media server,
 * the callers alternating between them ({@code -Dparley.bench.capacity.instances}, default 1,2).
 * Each caller asks {@code -Dparley.bench.capacity.questions} questions (default 4; the single call twice as many).
 *
 * <p>Run from the project root inside a loopback-only namespace ({@code ./parley bench capacity})
 * after a build; the results are appended to {@code -Dparley.benchmarks.file} (docs/benchmarks.md)
 * with a plot next to it ({@code capacity.png}).
 */
public final class CapacityBenchmark {

    private static final int CALLERS_MEDIA_PORT = 18990;
    private static final int FIRST_MEDIA_PORT = 18991;
    private static final int FIRST_HTTP_PORT = 18180;
    private static final long STAGGER_MILLIS = 1000;
    private static final long IDLE_MILLIS = 15_000;

    private CapacityBenchmark() {
    }

    /** One configuration's ramp. */
    /** @param idleCpuPercent per process, % of one core with no call (the baseline a call's cost is counted from) */
    record Ramp(int instances, Map<String, Double> idleCpuPercent, List<CapacityStep> steps) {
        int capacity() {
            return CapacityStep.capacity(steps);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path results = Path.of(System.getProperty("parley.benchmarks.file", root.resolve("docs/benchmarks.md").toString()));
        int[] steps = ints(System.getProperty("parley.bench.capacity.steps", "1,2,4,6,8,10,12,14,16"));
        int[] configurations = ints(System.getProperty("parley.bench.capacity.instances", "1,2"));
        int questionsPerCaller = Integer.getInteger("parley.bench.capacity.questions", 4);
        if (steps[0] != 1) {
            throw new IllegalArgumentException("the ramp starts with one call: it is the yardstick");
        }
        Path work = root.resolve("arquillian/target/capacity-bench");
        BenchServers.deleteTree(work);
        Files.createDirectories(work);
        List<SpokenQuestion> questions = new ArrayList<>();
        for (KnowledgeQuestion q : KnowledgeQuestion.ALL.subList(0, Math.min(questionsPerCaller, KnowledgeQuestion.ALL.size()))) {
            questions.add(SpokenQuestion.of(work, q.spoken()));
        }
        byte[] silence = SpokenQuestion.silence(work);
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
        double loadBefore = LoadSampler.now();
        List<Ramp> ramps = new ArrayList<>();
        Process callersMedia = BenchServers.start(work, "callers-media.log", "java", "-jar",
                BenchServers.built(root, "kurento-modules/target/parley-media-server.jar"), "--bindAddress=127.0.0.1",
                "--port=" + CALLERS_MEDIA_PORT);
        ScheduledExecutorService microphones = Executors.newScheduledThreadPool(2);
        KurentoClient callers = null;
        try {
            BenchServers.awaitLine(callersMedia, work.resolve("callers-media.log"), "listening on", 90);
            callers = KurentoClient.create("ws://127.0.0.1:" + CALLERS_MEDIA_PORT + "/kurento");
            for (int instances : configurations) {
                ramps.add(ramp(root, work, instances, steps, questions, silence, questionsPerCaller, callers, callersMedia, microphones));
            }
        } finally {
            if (callers != null) {
                callers.destroy();
            }
            microphones.shutdownNow();
            BenchServers.stop(callersMedia);
        }
        String report = report(ramps, questionsPerCaller, started, loadBefore);
        System.out.println(report);
        Path plot = results.resolveSibling("capacity.png");
        CapacityPlot.write(ramps, "Parley capacity on " + Runtime.getRuntime().availableProcessors() + " cores (" + started + " UTC)", plot);
        Files.writeString(results, report + "\n![Voice-to-voice at the callers against concurrent calls, one and two instances]("
                + plot.getFileName() + ")\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("capacity benchmark: appended to " + results + ", plot " + plot);
    }

    private static Ramp ramp(Path root, Path work, int instances, int[] steps, List<SpokenQuestion> questions, byte[] silence,
                             int questionsPerCaller,
                             KurentoClient callers, Process callersMedia, ScheduledExecutorService microphones) throws Exception {
        List<Process> servers = new ArrayList<>();
        List<URI> signalling = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        ProcessLoad load = new ProcessLoad();
        try {
            for (int i = 0; i < instances; i++) {
                String name = String.valueOf((char) ('A' + i));
                int mediaPort = FIRST_MEDIA_PORT + i;
                int httpPort = FIRST_HTTP_PORT + i;
                Path mediaLog = work.resolve(instances + "-media-" + name + ".log");
                Process media = BenchServers.start(work, mediaLog.getFileName().toString(), "java", "-jar",
                        BenchServers.built(root, "kurento-modules/target/parley-media-server.jar"), "--bindAddress=127.0.0.1",
                        "--port=" + mediaPort);
                servers.add(media);
                BenchServers.awaitLine(media, mediaLog, "listening on", 90);
                // Demo mode and raised limits: the ramp, not the per-client and server-wide session limits, is what stops it.
                Process micro = BenchServers.start(work, instances + "-micro-" + name + ".log", "java",
                        "-Dparley.security.demo-mode=true", "-Dparley.limits.max-sessions-per-client=1000",
                        "-Dparley.limits.max-concurrent-sessions=1000",
                        "-Dparley.media-server.urls=ws://127.0.0.1:" + mediaPort + "/kurento", "-jar",
                        BenchServers.built(root, "web/target/payara-micro.jar"), "--nocluster", "--port", String.valueOf(httpPort),
                        "--rootdir", work.resolve(instances + "-micro-" + name).toString(),
                        "--deploy", BenchServers.built(root, "web/target/parley-micro.war"), "--contextroot", "parley");
                servers.add(micro);
                load.add("Payara " + name, micro.pid()).add("media server " + name, media.pid());
                signalling.add(URI.create("ws://127.0.0.1:" + httpPort + "/parley/ws/session"));
                origins.add("http://127.0.0.1:" + httpPort);
            }
            for (int i = 0; i < instances; i++) {
                int httpPort = FIRST_HTTP_PORT + i;
                String name = String.valueOf((char) ('A' + i));
                BenchServers.awaitReady(servers.get(2 * i + 1), work.resolve(instances + "-micro-" + name + ".log"),
                        URI.create("http://127.0.0.1:" + httpPort + "/health/ready"), 600);
            }
            load.add("callers' media server", callersMedia.pid()).add("callers' RTP (this JVM)", ProcessHandle.current().pid());
            System.out.println("capacity benchmark: " + instances + " instance(s) ready; warming up (the first answers load the models)");
            for (int i = 0; i < instances; i++) {
                try (StandInCaller warm = StandInCaller.call(-1, callers, signalling.get(i), origins.get(i), microphones, silence)) {
                    warm.converse(questions.subList(0, Math.min(2, questions.size())));
                }
            }
            load.mark();
            Thread.sleep(IDLE_MILLIS);
            Map<String, Double> idle = load.cpuPercent();
            List<CapacityStep> done = new ArrayList<>();
            int failedInARow = 0;
            for (int calls : steps) {
                // the single call is the yardstick: twice the questions, so that its p95 is not one turn's luck
                CapacityStep step = step(calls, questions, silence, calls == 1 ? 2 * questionsPerCaller : questionsPerCaller, callers, signalling, origins, microphones, load);
                done.add(step);
                long single = done.get(0).p95();
                System.out.printf(Locale.ROOT, "capacity benchmark: %d instance(s), %d calls: connected %d, answered %d/%d, voice-to-voice"
                                + " p50 %d / p95 %d ms, lost %d, CPU %s, load %.1f%s%n", instances, calls, step.connected(), step.answered(),
                        step.questions(), step.p50(), step.p95(), step.legs().lost(), step.cpu(), step.load(),
                        step.holds(single) ? "" : " — does not hold: " + step.shortfall(single));
                // one step past the first that fails shows the curve bending; two in a row, a lost call or 3× is enough
                failedInARow = step.holds(single) ? 0 : failedInARow + 1;
                if (failedInARow == 2 || step.connected() < calls || step.p95() > 3 * single) {
                    break;
                }
            }
            return new Ramp(instances, idle, done);
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                BenchServers.stop(servers.get(i));
            }
        }
    }

    private static CapacityStep step(int calls, List<SpokenQuestion> questions, byte[] silence, int questionsPerCaller, KurentoClient callers,
                                     List<URI> signalling, List<String> origins, ScheduledExecutorService microphones,
                                     ProcessLoad load) throws Exception {
        record Outcome(boolean connected, int asked, List<StandInCaller.Turn> turns, List<Long> server, StandInCaller.Legs legs) {
        }
        ExecutorService threads = Executors.newFixedThreadPool(calls);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        load.mark();
        try {
            for (int i = 0; i < calls; i++) {
                int caller = i;
                outcomes.add(threads.submit(() -> {
                    Thread.sleep(caller * STAGGER_MILLIS);
                    // every step asks the same questions (each caller from another one on), so that steps differ in load,
                    // not in which questions they ask: endpointing and answers differ from question to question
                    List<SpokenQuestion> asked = new ArrayList<>();
                    for (int q = 0; q < questionsPerCaller; q++) {
                        asked.add(questions.get((caller + q) % questions.size()));
                    }
                    int instance = caller % signalling.size();
                    StandInCaller call;
                    try {
                        call = StandInCaller.call(caller, callers, signalling.get(instance), origins.get(instance), microphones, silence);
                    } catch (Exception e) {
                        System.out.println("  caller " + caller + " did not connect: " + e);
                        return new Outcome(false, 0, List.of(), List.of(), StandInCaller.Legs.NONE);
                    }
                    try (call) {
                        List<StandInCaller.Turn> turns = call.converse(asked);
                        call.longEndpoints().forEach(e -> System.out.println("  caller " + caller + ": long endpointing silence, " + e));
                        System.out.println("  caller " + caller + ": slowest turn at the server " + call.slowestTurn());
                        if (call.failure() != null) {
                            System.out.println("  caller " + caller + " failed: " + call.failure());
                        }
                        return new Outcome(true, asked.size(), turns, call.serverResponseMillis(), call.legs());
                    }
                }));
            }
            int connected = 0;
            int asked = 0;
            List<Long> voiceToVoice = new ArrayList<>();
            List<Long> server = new ArrayList<>();
            StandInCaller.Legs legs = StandInCaller.Legs.NONE;
            for (Future<Outcome> f : outcomes) {
                Outcome o = f.get(30, TimeUnit.MINUTES);
                connected += o.connected() ? 1 : 0;
                asked += o.asked();
                o.turns().stream().filter(t -> t.voiceToVoiceMillis() >= 0).forEach(t -> voiceToVoice.add(t.voiceToVoiceMillis()));
                server.addAll(o.server());
                legs = legs.plus(o.legs());
            }
            return new CapacityStep(calls, connected, asked, voiceToVoice, server, legs, load.cpuPercent(), load.residentMiB(),
                    LoadSampler.now());
        } finally {
            threads.shutdownNow();
        }
    }

    static String report(List<Ramp> ramps, int questionsPerCaller, String started, double loadBefore) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n## capacity: concurrent conversations — ").append(started).append(" UTC\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ").append(BenchServers.cpuModel())
                .append(", ").append(BenchServers.memory()).append(" RAM, Java ").append(System.getProperty("java.version"))
                .append(String.format(Locale.ROOT, "; load average %.2f before the run. ", loadBefore))
                .append("Everything on this one machine over loopback: Payara Micro with the micro WAR and the embedded providers")
                .append(" (Silero VAD, Vosk + Moonshine, retrieval, flite), its media server, and the callers.\n\n")
                .append("Each caller is a WebRTC peer on a media server of its own (a WebRtcEndpoint, GStreamer's webrtcbin: ICE,")
                .append(" DTLS-SRTP, Opus) fed (Opus, encoded by GStreamer from flite) and drained (PCMU) over plain RTP by the benchmark, not a browser: Chromium costs about 20 %")
                .append(" of a core per call (issue 18's table), which on 2 cores would eat the capacity being measured. The callers'")
                .append(" CPU is shown apart. Each caller asks the same ").append(questionsPerCaller)
                .append(" knowledge-file questions, starting from a different one (the single call, the yardstick, asks them twice), spoken by flite, each after the previous answer has ended (1.5 s of quiet);")
                .append(" callers start 1 s apart. Voice-to-voice is timed at the caller: the last loud packet of a question leaving")
                .append(" its microphone to the first loud packet of the answer reaching its ears (both WebRTC legs and the callers'")
                .append(" media server included, no browser jitter buffer). Lost: packets missing on the agent → caller leg (the")
                .append(" caller's receiver reports), on the caller → agent leg (Parley's media server's reports) and at the ears.")
                .append(" A step holds when every caller connected, every question was answered, nothing was lost and the")
                .append(" voice-to-voice p95 is within ").append(CapacityStep.SLOWDOWN_ALLOWED).append("× the single call's.\n");
        for (Ramp ramp : ramps) {
            long single = ramp.steps().get(0).p95();
            out.append("\n### ").append(ramp.instances()).append(ramp.instances() == 1 ? " instance, 1 media server" : " instances, "
                    + ramp.instances() + " media servers (callers alternate)").append("\n\n");
            out.append("| calls | answered | voice-to-voice p50 / p95 | server response p50 / p95 | lost (agent leg / caller leg / ears), stalls |"
                    + " CPU % of a core: Payara / media server / callers | server CPU per call | resident MiB: Payara / media server | load | holds |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (CapacityStep s : ramp.steps()) {
                double server = s.cpuOf("Payara") + s.cpuOf("media server");
                StandInCaller.Legs l = s.legs();
                out.append(String.format(Locale.ROOT, "| %d | %d/%d%s | %d / %d ms | %d / %d ms | %d / %d / %d, %d | %.0f / %.0f / %.0f | %.0f %% | %s / %s | %.1f | %s |%n",
                        s.calls(), s.answered(), s.questions(), s.connected() < s.calls() ? " (" + (s.calls() - s.connected()) + " not connected)" : "",
                        s.p50(), s.p95(), VoiceLatencyBenchmark.percentile(s.serverResponse(), 50),
                        VoiceLatencyBenchmark.percentile(s.serverResponse(), 95), l.agentLost(), l.callerLost(), l.earsLost(), l.earsGaps(),
                        s.cpuOf("Payara"), s.cpuOf("media server"), s.cpuOf("callers"), server / s.calls(),
                        sum(s.residentMiB(), "Payara"), sum(s.residentMiB(), "media server"), s.load(),
                        s.holds(single) ? "yes" : "no: " + s.shortfall(single)));
            }
            Map<String, Double> idle = ramp.idleCpuPercent();
            double idleServer = idle.entrySet().stream().filter(e -> e.getKey().startsWith("Payara") || e.getKey().startsWith("media server"))
                    .mapToDouble(Map.Entry::getValue).sum();
            CapacityStep last = ramp.steps().get(ramp.steps().size() - 1);
            out.append(String.format(Locale.ROOT, "\nIdle (no call, %d s): Payara %.1f %%, media server %.1f %% of a core. Server CPU per call"
                            + " above idle at the last step (%d calls): %.1f %% of a core.%n", IDLE_MILLIS / 1000,
                    idle.entrySet().stream().filter(e -> e.getKey().startsWith("Payara")).mapToDouble(Map.Entry::getValue).sum(),
                    idle.entrySet().stream().filter(e -> e.getKey().startsWith("media server")).mapToDouble(Map.Entry::getValue).sum(),
                    last.calls(), (last.cpuOf("Payara") + last.cpuOf("media server") - idleServer) / last.calls()));
            out.append("\nCapacity: **").append(ramp.capacity()).append(" concurrent conversations** (single call p95 ").append(single)
                    .append(" ms, allowance ").append(Math.round(CapacityStep.SLOWDOWN_ALLOWED * single)).append(" ms).\n");
        }
        return out.toString();
    }

    private static String sum(Map<String, Long> values, String prefix) {
        return String.valueOf(values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum());
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }
}
