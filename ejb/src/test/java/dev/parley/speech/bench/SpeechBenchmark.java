package dev.parley.speech.bench;

import dev.parley.speech.ChatMessage;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import dev.parley.speech.testing.AgentSentences;
import dev.parley.speech.testing.Collector;
import dev.parley.speech.testing.TestRecordings;
import dev.parley.speech.testing.TestRecordings.Recording;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the embedded speech providers: real-time factors, VAD cost per frame, time to the
 * first STT partial, STT final latency after the end of speech, TTS time to first audio and the
 * retrieval LLM's time to first token. Prints a table and appends it, with the machine and the
 * date, to the file named by {@code -Dparley.benchmarks.file} (scripts/bench.sh passes docs/benchmarks.md).
 */
public final class SpeechBenchmark {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        SpeechBenchmark benchmark = new SpeechBenchmark();
        benchmark.vad();
        benchmark.stt();
        benchmark.tts();
        benchmark.llm();
        String table = benchmark.table();
        System.out.println(table);
        String file = System.getProperty("parley.benchmarks.file");
        if (file != null && !file.isBlank()) {
            Files.writeString(Path.of(file), table, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("appended to " + file);
        }
        System.exit(0); // provider threads are daemons, but ONNX Runtime's may linger
    }

    private void row(String engine, String measure, String value, String note) {
        rows.add(new String[] {engine, measure, value, note});
        System.out.printf("%-28s %-40s %s  %s%n", engine, measure, value, note);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private void vad() {
        long loadStart = System.nanoTime();
        try (SileroVoiceActivityDetector silero = new SileroVoiceActivityDetector(SileroSettings.defaults())) {
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            List<Double> costs = new ArrayList<>();
            long cpuNanos = 0;
            int frame = silero.frameSamples();
            for (int round = 0; round < 3; round++) {
                for (Recording recording : TestRecordings.librivoxAndCards()) {
                    short[] pcm = recording.pcm();
                    try (VoiceActivityDetector.Stream stream = silero.open()) {
                        for (int at = 0; at + frame <= pcm.length; at += frame) {
                            short[] samples = Arrays.copyOfRange(pcm, at, at + frame);
                            long cpu = CPU.getCurrentThreadCpuTime();
                            long t = System.nanoTime();
                            stream.speechProbability(samples);
                            if (round > 0) { // the first round warms up ONNX Runtime and the JIT
                                costs.add((System.nanoTime() - t) / 1e6);
                                cpuNanos += CPU.getCurrentThreadCpuTime() - cpu;
                            }
                        }
                    }
                }
            }
            double[] c = costs.stream().mapToDouble(Double::doubleValue).toArray();
            row("VAD silero v5 (onnxruntime)", "cost per 32 ms frame, mean / p99", ms(mean(c)) + " / " + ms(percentile(c, 0.99)), c.length + " frames");
            row("VAD silero v5 (onnxruntime)", "CPU time per frame (this thread)", ms(cpuNanos / 1e6 / c.length), "less sensitive to a busy machine");
            row("VAD silero v5 (onnxruntime)", "real-time factor", String.format(Locale.ROOT, "%.4f", mean(c) / 32.0), "");
            row("VAD silero v5 (onnxruntime)", "model load", ms(loadMillis), "");
        }
    }

    private void stt() throws InterruptedException {
        long loadStart = System.nanoTime();
        try (PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(PocketSphinxSettings.defaults())) {
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            List<Recording> recordings = TestRecordings.librivoxAndCards();
            double audioSeconds = 0;
            long cpuStart = CPU.getCurrentThreadCpuTime();
            long decodeStart = System.nanoTime();
            for (Recording recording : recordings) {
                short[] pcm = recording.pcm();
                audioSeconds += pcm.length / 16000.0;
                recognizer.recognize(pcm);
            }
            double rtf = (System.nanoTime() - decodeStart) / 1e9 / audioSeconds;
            double cpuRtf = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9 / audioSeconds;
            row("STT pocketsphinx (JNA)", "real-time factor", String.format(Locale.ROOT, "%.3f", rtf),
                    String.format(Locale.ROOT, "%.1f s of librivox + cards", audioSeconds));
            row("STT pocketsphinx (JNA)", "real-time factor in CPU time", String.format(Locale.ROOT, "%.3f", cpuRtf), "decoding thread only");
            // Streaming at the pace of real audio: 20 ms packets, as the RTP bridge delivers them.
            List<Double> firstPartial = new ArrayList<>();
            List<Double> finalLatency = new ArrayList<>();
            for (Recording recording : List.of(recordings.get(1), recordings.get(4), recordings.get(9))) {
                short[] pcm = recording.pcm();
                Collector.Transcripts results = new Collector.Transcripts();
                SpeechRecognizer.Utterance utterance = recognizer.startUtterance(results);
                long start = System.nanoTime();
                for (int at = 0, packet = 0; at < pcm.length; at += 320, packet++) {
                    utterance.accept(pcm, at, Math.min(320, pcm.length - at));
                    long due = start + (packet + 1) * 20_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                utterance.finish();
                results.awaitEnd();
                if (!results.partials.isEmpty()) {
                    // From the first audio to the first partial, minus the leading silence it covered.
                    firstPartial.add((results.firstPartialNanos - start) / 1e6);
                }
                finalLatency.add((double) results.fin.latencyMillis());
            }
            double[] p = firstPartial.stream().mapToDouble(Double::doubleValue).toArray();
            double[] f = finalLatency.stream().mapToDouble(Double::doubleValue).toArray();
            row("STT pocketsphinx (JNA)", "first partial after first audio, mean", ms(mean(p)),
                    "real-time paced, recordings start with ~0.3 s of silence");
            row("STT pocketsphinx (JNA)", "final after end of audio, mean / max", ms(mean(f)) + " / " + ms(Arrays.stream(f).max().orElse(0)), "");
            row("STT pocketsphinx (JNA)", "decoder load", ms(loadMillis), "");
        }
    }

    private void tts() {
        long loadStart = System.nanoTime();
        try (FliteSynthesizer flite = new FliteSynthesizer(FliteSettings.defaults())) {
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            List<Double> firstAudio = new ArrayList<>();
            double busySeconds = 0;
            double audioSeconds = 0;
            for (int round = 0; round < 2; round++) {
                for (String sentence : AgentSentences.ALL) {
                    Collector.Audio audio = new Collector.Audio();
                    long start = System.nanoTime();
                    flite.synthesize(sentence, audio);
                    audio.awaitEnd();
                    if (round > 0) {
                        firstAudio.add((audio.firstAudioNanos - start) / 1e6);
                        busySeconds += (System.nanoTime() - start) / 1e9;
                        audioSeconds += audio.joined().length / 16000.0;
                    }
                }
            }
            double[] t = firstAudio.stream().mapToDouble(Double::doubleValue).toArray();
            row("TTS flite slt (JNA)", "time to first audio, mean / p99", ms(mean(t)) + " / " + ms(percentile(t, 0.99)), "12 agent sentences");
            row("TTS flite slt (JNA)", "real-time factor", String.format(Locale.ROOT, "%.3f", busySeconds / audioSeconds), "");
            row("TTS flite slt (JNA)", "voice load and probe", ms(loadMillis), "");
        }
    }

    private void llm() {
        long loadStart = System.nanoTime();
        try (RetrievalLanguageModel model = new RetrievalLanguageModel(RetrievalSettings.defaults())) {
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            List<String> questions = List.of("what is parley", "can I interrupt you", "how do I deploy it",
                    "which voice do you use", "what's the weather like", "how fast are you");
            List<Double> firstToken = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String question : questions) {
                    Collector.Tokens tokens = new Collector.Tokens();
                    long start = System.nanoTime();
                    model.reply(List.of(ChatMessage.user(question)), tokens);
                    tokens.awaitEnd();
                    if (round > 0) {
                        firstToken.add((tokens.firstTokenNanos - start) / 1e6);
                    }
                }
            }
            double[] t = firstToken.stream().mapToDouble(Double::doubleValue).toArray();
            row("LLM retrieval (MiniLM-L6-v2)", "time to first token, mean / max", ms(mean(t)) + " / " + ms(Arrays.stream(t).max().orElse(0)), "");
            row("LLM retrieval (MiniLM-L6-v2)", "model load and knowledge indexing", ms(loadMillis), "");
        }
    }

    private String table() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n## speech providers: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ").append(cpuModel())
                .append(", Java ").append(System.getProperty("java.version"))
                .append(String.format(Locale.ROOT, ", load average %.1f at the end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(". Command: `./parley bench speech`. Wall-clock numbers include waiting for the CPU on a shared machine.\n\n");
        out.append("| engine | measure | value | note |\n|---|---|---|---|\n");
        for (String[] row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        return System.getProperty("os.arch");
    }
}
