package dev.parley.kms.bench;

import com.google.gson.JsonParser;
import dev.parley.kms.MediaServerMain;
import dev.parley.kms.mixing.ToneBurstWav;
import dev.parley.kms.server.MediaServer;
import dev.parley.kms.server.ServerConfig;
import dev.parley.kms.testing.BrowserPeer;

import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.WebRtcEndpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The media server benchmark (not a test): one-way latency WebRtcEndpoint→RtpEndpoint and
 * RtpEndpoint→WebRtcEndpoint through Chromium, CPU and memory per audio session, and how many
 * concurrent audio sessions (WebRtcEndpoint + RtpEndpoint + Composite + recording RecorderEndpoint)
 * the machine holds before the WebRTC→RTP p95 passes 50 ms or packets drop. Prints the numbers
 * and appends them, with machine, date and load, to {@code -Dparley.benchmarks.file}.
 *
 * <p>Latency markers: 1 kHz bursts. Chromium→RTP: the page switches a WebAudio oscillator on and
 * notes Date.now(); the RTP peer notes the arrival of the first loud packet. RTP→Chromium: the
 * peer notes when its burst's first packet left; the page polls a 256-sample analyser every 2 ms.
 * Both clocks are this machine's wall clock. Chromium's own capture/encode (one way) and jitter
 * buffer/playout (other way) are inside the numbers, as are 20 ms packetisation steps.
 */
public final class MediaBenchmark {
    private static final double P95_LIMIT_MILLIS = 50;
    private static final double LOSS_LIMIT = 0.005;
    private static final int MAX_SESSIONS = 24;
    private static final int MARKER_PERIOD_MILLIS = 200;
    private static final int DOWN_PERIOD_MILLIS = 400;
    /** Markers per capacity step: p95 of 40 needs three slow markers, so one scheduling hiccup does not decide it. */
    private static final int MARKERS_PER_STEP = 40;
    private static final long CAPACITY_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(150);
    private static final String SEND_JS = """
            (async () => {
              const ctx = new AudioContext({sampleRate: 48000, latencyHint: 'interactive'});
              const osc = ctx.createOscillator(); osc.frequency.value = 1000;
              const gain = ctx.createGain(); gain.gain.value = 0;
              const dest = ctx.createMediaStreamDestination();
              osc.connect(gain).connect(dest); osc.start();
              const sender = pc.getSenders().find(s => s.track && s.track.kind === 'audio');
              await sender.replaceTrack(dest.stream.getAudioTracks()[0]);
              window.benchGain = gain; window.benchCtx = ctx;
              return 'ok';
            })()""";
    private static final String BURSTS_JS = """
            (async (count, periodMs, burstMs) => {
              const times = [];
              for (let i = 0; i < count; i++) {
                benchGain.gain.setValueAtTime(1, benchCtx.currentTime);
                times.push(Date.now());
                await new Promise(r => setTimeout(r, burstMs));
                benchGain.gain.setValueAtTime(0, benchCtx.currentTime);
                await new Promise(r => setTimeout(r, periodMs - burstMs));
              }
              return JSON.stringify(times);
            })(%d, %d, %d)""";
    private static final String LISTEN_JS = """
            (() => {
              window.benchOnsets = [];
              const a = audioContext.createAnalyser(); a.fftSize = 256;
              audioContext.createMediaStreamSource(document.getElementById('remote').srcObject).connect(a);
              const buf = new Float32Array(256); let lastLoud = 0;
              window.benchTimer = setInterval(() => {
                a.getFloatTimeDomainData(buf); let s = 0; for (const v of buf) s += v * v;
                const now = Date.now();
                if (Math.sqrt(s / buf.length) > 0.05) { if (now - lastLoud > 150) benchOnsets.push(now); lastLoud = now; }
              }, 2);
              return 'ok';
            })()""";

    private final List<String> lines = new ArrayList<>();
    private int downMarkersSent;
    private final long nanoRef = System.nanoTime();
    private final long wallRef = System.currentTimeMillis();

    public static void main(String[] args) throws Exception {
        new MediaBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("parley-bench-");
        Path microphone = ToneBurstWav.write(1000, 10, 10, 1.0); // silence: WebAudio replaces it
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-rtp-send");
            t.setDaemon(true);
            return t;
        });
        List<BenchSession> load = new ArrayList<>();
        try (MediaServer server = MediaServerMain.startServer(ServerConfig.defaults().withPort(0)
                .withRecorderDefaultPath(dir.toUri().toString()));
             BrowserPeer browser = BrowserPeer.launch(microphone)) {
            KurentoClient kurento = KurentoClient.create(server.url());
            try (BenchSession probe = new BenchSession(kurento, "probe.webm")) {
                negotiate(browser, probe.webrtc);
                browser.evaluate(SEND_JS);
                browser.evaluate(LISTEN_JS);
                Thread.sleep(1500);

                List<Double> up = webRtcToRtp(browser, probe, 25);
                print("WebRtcEndpoint→RtpEndpoint one-way (Chromium WebAudio → RTP peer), 1 session: p50 %.1f ms, p95 %.1f ms (%d of 25 markers)",
                        percentile(up, 50), percentile(up, 95), up.size());
                List<Double> down = rtpToWebRtc(browser, probe, senders, 25);
                print("RtpEndpoint→WebRtcEndpoint one-way (RTP peer → Chromium analyser, incl. Chromium's jitter buffer and playout),"
                        + " 1 session: p50 %.1f ms, p95 %.1f ms (%d of %d markers)", percentile(down, 50), percentile(down, 95), down.size(),
                        downMarkersSent);

                capacity(kurento, browser, probe, senders, load);
            } finally {
                for (BenchSession s : load) {
                    s.close();
                }
                kurento.destroy();
            }
        } finally {
            senders.shutdownNow();
            Files.deleteIfExists(microphone);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        append(loadBefore);
    }

    private List<Double> webRtcToRtp(BrowserPeer browser, BenchSession probe, int count) throws IOException {
        probe.rtpPeer.clearMarks();
        String json = browser.evaluate(String.format(Locale.ROOT, BURSTS_JS, count, MARKER_PERIOD_MILLIS, 40));
        List<Long> sentMillis = new ArrayList<>();
        JsonParser.parseString(json).getAsJsonArray().forEach(e -> sentMillis.add(e.getAsLong()));
        List<Double> arrivals = probe.rtpPeer.onsets().stream().map(this::epochMillis).toList();
        return pair(sentMillis.stream().map(Long::doubleValue).toList(), arrivals, MARKER_PERIOD_MILLIS);
    }

    private List<Double> rtpToWebRtc(BrowserPeer browser, BenchSession probe, ScheduledExecutorService senders, int count)
            throws Exception {
        browser.evaluate("(() => { benchOnsets.length = 0; return 'ok'; })()");
        probe.rtpPeer.clearMarks();
        // 60 ms of 1 kHz every 400 ms: Chromium's jitter buffer and playout add well over 100 ms.
        probe.rtpPeer.start(senders, 3, DOWN_PERIOD_MILLIS / 20);
        Thread.sleep((long) count * DOWN_PERIOD_MILLIS + 500);
        probe.rtpPeer.stopSending();
        List<Double> sent = probe.rtpPeer.burstStarts().stream().map(this::epochMillis).toList();
        List<Double> heard = new ArrayList<>();
        JsonParser.parseString(browser.evaluate("JSON.stringify(benchOnsets)")).getAsJsonArray()
                .forEach(e -> heard.add(e.getAsDouble()));
        downMarkersSent = sent.size();
        return pair(sent, heard, DOWN_PERIOD_MILLIS);
    }

    /** Adds stand-in sessions step by step, measuring the probe's WebRTC→RTP latency, loss, CPU and memory at each step. */
    private void capacity(KurentoClient kurento, BrowserPeer browser, BenchSession probe, ScheduledExecutorService senders,
                          List<BenchSession> load) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long started = System.nanoTime();
        double baseCpu = -1;
        long baseRss = -1;
        int held = 0;
        int failedSteps = 0;
        String stoppedBy = "the session cap of " + MAX_SESSIONS;
        for (int target : new int[] {0, 1, 2, 4, 6, 8, 10, 12, 16, 20, MAX_SESSIONS}) {
            if (System.nanoTime() - started > CAPACITY_BUDGET_NANOS) {
                stoppedBy = "the time budget";
                break;
            }
            while (load.size() < target) {
                BenchSession s = new BenchSession(kurento, "load-" + load.size() + ".webm");
                load.add(s);
                s.connectStandInBrowser(kurento, senders);
            }
            Thread.sleep(1500);
            load.forEach(BenchSession::clearCounts);
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            List<Double> latencies = webRtcToRtp(browser, probe, MARKERS_PER_STEP);
            double cpu = 100.0 * (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - wallBefore);
            long rss = residentKiB();
            long received = 0;
            long lost = 0;
            for (BenchSession s : load) {
                long[] rl = s.receivedAndLost();
                received += rl[0];
                lost += rl[1];
            }
            double loss = received + lost == 0 ? 0 : (double) lost / (received + lost);
            double p95 = percentile(latencies, 95);
            int sessions = target + 1;
            print("%d sessions (+ %d stand-in browser pipelines): probe WebRTC→RTP p50 %.1f ms, p95 %.1f ms (%d of %d markers);"
                            + " load packets lost %.2f%% of %d; process CPU %.0f%% of one core; RSS %d MiB", sessions, target,
                    percentile(latencies, 50), p95, latencies.size(), MARKERS_PER_STEP,
                    100 * loss, received + lost, cpu, rss / 1024);
            if (target == 0) {
                baseCpu = cpu;
                baseRss = rss;
            } else {
                print("  per added session: CPU %.1f%% of one core, memory %.1f MiB (both include its stand-in browser pipeline)",
                        (cpu - baseCpu) / target, (rss - baseRss) / 1024.0 / target);
            }
            boolean failed = latencies.size() < MARKERS_PER_STEP * 3 / 4 || p95 > P95_LIMIT_MILLIS || loss > LOSS_LIMIT;
            if (failed) {
                failedSteps++;
                stoppedBy = latencies.size() < MARKERS_PER_STEP * 3 / 4 ? "lost latency markers"
                        : p95 > P95_LIMIT_MILLIS ? "p95 over 50 ms" : "packet loss";
                if (failedSteps == 2) {
                    break; // two steps in a row over the limit: more sessions will not bring it back
                }
            } else {
                failedSteps = 0;
                held = Math.max(held, sessions);
            }
        }
        print("capacity: %d concurrent audio sessions held with WebRTC→RTP p95 ≤ 50 ms and no loss (ramp ended by %s)",
                held, stoppedBy);
    }

    private double epochMillis(long nanos) {
        return wallRef + (nanos - nanoRef) / 1e6;
    }

    /** For each send time, the first arrival before the next marker ({@code periodMillis} later): the marker's one-way latency. */
    private static List<Double> pair(List<Double> sent, List<Double> arrived, int periodMillis) {
        List<Double> out = new ArrayList<>();
        for (double s : sent) {
            arrived.stream().filter(a -> a >= s - 2 && a < s + periodMillis - 10).findFirst().ifPresent(a -> out.add(a - s));
        }
        return out;
    }

    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }

    private static void negotiate(BrowserPeer browser, WebRtcEndpoint webrtc) throws Exception {
        BlockingQueue<IceCandidate> toBrowser = new LinkedBlockingQueue<>();
        webrtc.addIceCandidateFoundListener(e -> toBrowser.add(e.getCandidate()));
        CountDownLatch connected = new CountDownLatch(1);
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == org.kurento.client.ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        browser.acceptAnswer(webrtc.processOffer(browser.offer(false)));
        webrtc.gatherCandidates();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (connected.getCount() > 0 && System.nanoTime() < deadline) {
            IceCandidate local;
            while ((local = toBrowser.poll()) != null) {
                browser.addCandidate(local.getCandidate(), local.getSdpMid(), local.getSdpMLineIndex());
            }
            for (BrowserPeer.Candidate c : browser.takeCandidates()) {
                webrtc.addIceCandidate(new IceCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex()));
            }
            Thread.sleep(50);
        }
        if (connected.getCount() > 0) {
            throw new IllegalStateException("Chromium did not connect within 30 s");
        }
    }

    private void append(double loadBefore) throws IOException {
        String cpuModel = "unknown CPU";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpuModel = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%n## Media server (%s; nproc %d, %s; load average %.1f before, %.1f after: machine shared with other builds)%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), cpuModel, loadBefore, loadAfter));
        text.append("Server in the benchmark's JVM (CPU and memory include the RTP peers and Kurento client); ")
                .append("a session = WebRtcEndpoint ⇄ RtpEndpoint, Composite with 3 HubPorts, RecorderEndpoint recording WEBM_AUDIO_ONLY.\n\n");
        for (String line : lines) {
            text.append("- ").append(line.trim()).append('\n');
        }
        System.out.print(text);
        String file = System.getProperty("parley.benchmarks.file");
        if (file == null) {
            System.out.println("(no -Dparley.benchmarks.file: results not saved)");
            return;
        }
        Files.writeString(Path.of(file), text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
