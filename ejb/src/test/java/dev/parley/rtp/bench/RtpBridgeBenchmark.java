package dev.parley.rtp.bench;

import dev.parley.rtp.InboundAudioFrame;
import dev.parley.rtp.PlayoutListener;
import dev.parley.rtp.pacing.AudioTag;
import dev.parley.rtp.RtpAudioBridge;
import dev.parley.rtp.RtpBridgeSettings;
import dev.parley.rtp.Signals;
import dev.parley.rtp.codec.G711Mulaw;
import dev.parley.rtp.codec.OpusAudioDecoder;
import dev.parley.rtp.codec.OpusAudioEncoder;
import dev.parley.rtp.codec.PolyphaseResampler;
import dev.parley.rtp.sdp.RtpAudioFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Numbers for the RTP bridge: codec and resampler cost per 20 ms frame (Concentus against
 * Debian's libopus through JNA, for the record of why Concentus), latency through two bridges on
 * loopback, and flush-to-silence. Prints them and appends them to the file named by
 * {@code -Dparley.benchmarks.file}. Run inside a loopback-only namespace (./parley bench rtp).
 */
public final class RtpBridgeBenchmark {

    private static final int WARMUP_FRAMES = 1_000;
    private static final int MEASURED_FRAMES = 2_000;
    private final List<String> lines = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        RtpBridgeBenchmark benchmark = new RtpBridgeBenchmark();
        benchmark.codecCosts();
        benchmark.loopbackLatency(RtpAudioFormat.OPUS);
        benchmark.loopbackLatency(RtpAudioFormat.PCMU);
        benchmark.flushToSilence();
        benchmark.append();
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }

    private void codecCosts() {
        short[][] frames48k = new short[50][];
        short[][] frames16k = new short[50][];
        for (int f = 0; f < 50; f++) {
            frames48k[f] = Signals.tone(440, 48_000, f * 960L, 960, 8000);
            frames16k[f] = Signals.tone(440, 16_000, f * 320L, 320, 8000);
        }
        OpusAudioEncoder encoder = new OpusAudioEncoder(32_000, 5);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        byte[][] packets = new byte[50][];
        for (int f = 0; f < 50; f++) {
            packets[f] = encoder.encode(frames48k[f]);
        }
        int[] i = {0};
        measure("Opus encode (Concentus, 48 kHz mono, 32 kbit/s, complexity 5)", () -> encoder.encode(frames48k[i[0]++ % 50]));
        measure("Opus decode (Concentus)", () -> decoder.decode(packets[i[0]++ % 50]));
        try (NativeOpus libopus = new NativeOpus(32_000, 5)) {
            measure("Opus encode (libopus 0 via JNA, same settings)", () -> libopus.encode(frames48k[i[0]++ % 50]));
            measure("Opus decode (libopus 0 via JNA)", () -> libopus.decode(packets[i[0]++ % 50]));
        } catch (UnsatisfiedLinkError e) {
            print("libopus via JNA not measured: %s", e.getMessage());
        }
        short[][] frames8k = new short[50][];
        for (int f = 0; f < 50; f++) {
            frames8k[f] = Arrays.copyOf(frames48k[f], 160);
        }
        measure("PCMU encode", () -> G711Mulaw.encode(frames8k[i[0]++ % 50]));
        byte[] pcmu = G711Mulaw.encode(frames8k[0]);
        measure("PCMU decode", () -> G711Mulaw.decode(pcmu));
        PolyphaseResampler down = new PolyphaseResampler(48_000, 16_000);
        PolyphaseResampler up = new PolyphaseResampler(16_000, 48_000);
        measure("resample 48 kHz -> 16 kHz (" + down.tapCount() + " taps)", () -> down.process(frames48k[i[0]++ % 50]));
        measure("resample 16 kHz -> 48 kHz (" + up.tapCount() + " taps)", () -> up.process(frames16k[i[0]++ % 50]));
    }

    private void measure(String what, Supplier<Object> oneFrame) {
        Object sink = null;
        for (int f = 0; f < WARMUP_FRAMES; f++) {
            sink = oneFrame.get();
        }
        long[] nanos = new long[MEASURED_FRAMES];
        for (int f = 0; f < MEASURED_FRAMES; f++) {
            long start = System.nanoTime();
            sink = oneFrame.get();
            nanos[f] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        print("%-66s median %7.3f ms, p99 %7.3f ms per 20 ms frame%s", what, nanos[nanos.length / 2] / 1e6,
                nanos[nanos.length * 99 / 100] / 1e6, sink == null ? "?" : "");
    }

    private void loopbackLatency(RtpAudioFormat format) throws Exception {
        RtpBridgeSettings settings = RtpBridgeSettings.defaults().withFormats(List.of(format));
        AtomicLong firstLoud = new AtomicLong(-1);
        AtomicLong firstOut = new AtomicLong(-1);
        Consumer<InboundAudioFrame> listener = frame -> {
            if (Signals.rms(frame.samples()) > 1000) {
                firstLoud.compareAndSet(-1, frame.deliveredNanos());
            }
        };
        PlayoutListener playout = (tag, samples, sentAtNanos) -> firstOut.compareAndSet(-1, sentAtNanos);
        try (RtpAudioBridge a = RtpAudioBridge.open(settings, f -> { }, playout);
             RtpAudioBridge b = RtpAudioBridge.open(settings, listener, PlayoutListener.NONE)) {
            String offerA = a.sdpOffer();
            a.start(b.sdpOffer());
            b.start(offerA);
            short[] tone = Signals.tone(1000, 16_000, 3200, 8000);
            List<Double> out = new ArrayList<>();
            List<Double> heard = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                firstLoud.set(-1);
                firstOut.set(-1);
                long queued = System.nanoTime();
                a.queueAudio(new AudioTag(round, 0), tone);
                Thread.sleep(400);
                if (round >= 5 && firstLoud.get() > 0) { // the first rounds warm up the JIT
                    out.add((firstOut.get() - queued) / 1e6);
                    heard.add((firstLoud.get() - queued) / 1e6);
                }
            }
            print("%s through two bridges on loopback: queueAudio -> first packet out median %.2f ms (max %.2f);"
                            + " -> first 20 ms frame delivered by the other bridge median %.2f ms (max %.2f); %s", format,
                    median(out), max(out), median(heard), max(heard), b.counters());
        }
    }

    private void flushToSilence() throws Exception {
        AtomicLong lastDelivered = new AtomicLong();
        try (RtpAudioBridge a = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE);
             RtpAudioBridge b = RtpAudioBridge.open(RtpBridgeSettings.defaults(),
                     frame -> lastDelivered.set(frame.deliveredNanos()), PlayoutListener.NONE)) {
            String offerA = a.sdpOffer();
            a.start(b.sdpOffer());
            b.start(offerA);
            List<Double> lastSent = new ArrayList<>();
            List<Double> lastHeard = new ArrayList<>();
            int packetsAfter = 0;
            for (int round = 0; round < 15; round++) {
                a.queueAudio(new AudioTag(round, 0), Signals.tone(1000, 16_000, 32_000, 8000));
                Thread.sleep(200 + round * 7); // land the flush at different points of the 20 ms cycle
                long flushAt = System.nanoTime();
                a.flush();
                long sentAtFlush = a.counters().sent();
                Thread.sleep(150);
                packetsAfter += (int) (a.counters().sent() - sentAtFlush);
                lastSent.add((a.lastPacketSentNanos() - flushAt) / 1e6);
                lastHeard.add((lastDelivered.get() - flushAt) / 1e6);
            }
            print("flush -> last packet sent: median %.2f ms, max %.2f ms (negative: nothing left after the call);"
                            + " -> last audio delivered by the receiving bridge: median %.2f ms, max %.2f ms;"
                            + " packets sent after flush() returned: %d in 15 flushes", median(lastSent), max(lastSent),
                    median(lastHeard), max(lastHeard), packetsAfter);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private void append() throws IOException {
        String file = System.getProperty("parley.benchmarks.file");
        if (file == null) {
            return;
        }
        StringBuilder text = new StringBuilder("\n## RTP bridge (" + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load " + String.format(Locale.ROOT, "%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ")\n\n");
        for (String line : lines) {
            text.append("- ").append(line.replaceAll("\\s+", " ")).append('\n');
        }
        Files.writeString(Path.of(file), text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
