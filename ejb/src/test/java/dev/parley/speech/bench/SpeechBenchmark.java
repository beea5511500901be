package dev.parley.speech.bench;

import dev.parley.speech.ChatMessage;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.VoiceActivityDetector;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.hybrid.HybridSettings;
import dev.parley.speech.stt.moonshine.MoonshineRecognizer;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.vosk.VoskRecognizer;
import dev.parley.speech.stt.vosk.VoskSettings;
import dev.parley.speech.testing.WordErrorRate;
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
 * Measures the embedded speech providers: VAD cost per frame; each recognizer's WER, CPU
 * real-time factor, final latency after the endpoint, model load and memory per session; TTS time
 * to first audio and the retrieval LLM's time to first token. Prints a table and appends it, with the machine and the
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

    private List<String> questions;
    private List<short[]> questionAudio;

    private void stt() throws Exception {
        questions = RecognizerChecks.questions();
        questionAudio = RecognizerChecks.speak(questions);
        stt("STT pocketsphinx (JNA)", () -> new PocketSphinxRecognizer(PocketSphinxSettings.defaults()));
        stt("STT vosk small en-us 0.15 (JNA)", () -> new VoskRecognizer(VoskSettings.defaults()));
        // As deployed: Moonshine favours the built-in knowledge file's distinctive words (docs/providers.md).
        stt("STT moonshine tiny int8 (onnxruntime)", () -> new MoonshineRecognizer(MoonshineSettings.defaults(),
                RecognizerChecks.knowledgeHints(), dev.parley.speech.ProviderThreads.named("bench-moonshine")));
        stt("STT vosk+moonshine", () -> new HybridRecognizer(HybridSettings.defaults(), VoskSettings.defaults(), MoonshineSettings.defaults(),
                RecognizerChecks.knowledgeHints()));
    }

    private interface RecognizerMaker {
        SpeechRecognizer make() throws Exception;
    }

    /**
     * One recognizer: WER and CPU real-time factor over librivox + cards streamed as fast as it
     * takes them; the final's latency after the endpoint with real-time 20 ms packets followed by
     * the engine's 600 ms endpointing silence; model load; memory per session (process RSS growth
     * with 8 utterances open, 3 s of speech each, divided by 8).
     */
    private void stt(String engine, RecognizerMaker maker) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long loadStart = System.nanoTime();
        SpeechRecognizer recognizer = maker.make();
        try {
            double loadMillis = (System.nanoTime() - loadStart) / 1e6;
            List<Recording> recordings = TestRecordings.librivoxAndCards();
            RecognizerChecks.stream(recognizer, recordings.get(0).pcm(), false); // warm-up
            WordErrorRate wer = new WordErrorRate();
            double audioSeconds = 0;
            long cpuStart = os.getProcessCpuTime();
            for (Recording recording : recordings) {
                short[] pcm = recording.pcm();
                audioSeconds += pcm.length / 16000.0;
                wer.add(recording.transcript(), RecognizerChecks.stream(recognizer, pcm, false).fin.text());
            }
            double cpuRtf = (os.getProcessCpuTime() - cpuStart) / 1e9 / audioSeconds;
            row(engine, "WER, librivox + cards", String.format(Locale.ROOT, "%.1f %%", 100 * wer.rate()),
                    wer.errors() + " errors in " + wer.referenceWords() + " words");
            row(engine, "real-time factor in CPU time", String.format(Locale.ROOT, "%.3f", cpuRtf),
                    String.format(Locale.ROOT, "whole process, %.1f s of audio", audioSeconds));
            List<Long> finals = new ArrayList<>();
            for (Recording recording : recordings) {
                short[] pcm = RecognizerChecks.withSilence(recording.pcm(), 0, 600);
                finals.add(RecognizerChecks.stream(recognizer, pcm, true).fin.latencyMillis());
            }
            row(engine, "final after endpoint, p50 / p95", ms(RecognizerChecks.percentile(finals, 0.5)) + " / "
                    + ms(RecognizerChecks.percentile(finals, 0.95)), finals.size() + " utterances, real-time paced, 600 ms endpointing silence");
            double right = RecognizerChecks.questionsRight(engine, questions, questionAudio, pcm -> {
                try {
                    return RecognizerChecks.stream(recognizer, pcm, false).fin.text();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            row(engine, "flite questions word for word", String.format(Locale.ROOT, "%.0f %%", 100 * right),
                    questions.size() + " questions: the knowledge file's and paraphrases, flite slt");
            row(engine, "model load", ms(loadMillis), "");
            row(engine, "memory per session", String.format(Locale.ROOT, "%.1f MB", memoryPerSession(recognizer) / 1e6),
                    "process RSS growth with 8 utterances of 3 s open, / 8");
        } finally {
            ((AutoCloseable) recognizer).close();
        }
    }

    private static long memoryPerSession(SpeechRecognizer recognizer) throws IOException {
        short[] speech = RecognizerChecks.eightRecordings().get(0);
        int samples = Math.min(speech.length, 3 * 16000);
        System.gc();
        long before = residentBytes();
        List<SpeechRecognizer.Utterance> open = new ArrayList<>();
        List<Collector.Transcripts> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Collector.Transcripts r = new Collector.Transcripts();
            SpeechRecognizer.Utterance u = recognizer.startUtterance(r);
            for (int at = 0; at < samples; at += 320) {
                u.accept(speech, at, Math.min(320, samples - at));
            }
            open.add(u);
            results.add(r);
        }
        try {
            Thread.sleep(3000); // let each utterance's decoder catch up with its audio
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long after = residentBytes();
        open.forEach(SpeechRecognizer.Utterance::cancel);
        return Math.max(0, (after - before) / 8);
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
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
