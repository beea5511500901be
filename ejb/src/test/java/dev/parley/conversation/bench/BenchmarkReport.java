package dev.parley.conversation.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** Percentiles, the machine's description, and appending a section to docs/benchmarks.md. */
final class BenchmarkReport {

    private final StringBuilder text = new StringBuilder();

    BenchmarkReport(String title) {
        text.append("\n## ").append(title).append(" — ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n").append(machine()).append("\n\n");
    }

    BenchmarkReport line(String line) {
        text.append(line).append('\n');
        return this;
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the architecture below still says something
        }
        String load = "";
        try {
            load = ", load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at start";
        } catch (IOException e) {
            // not Linux
        }
        return "Machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores" + load + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version");
    }

    /** Prints the section and appends it to the file named by {@code -Dparley.benchmarks.file}, if given. */
    void publish() throws IOException {
        System.out.print(text);
        String file = System.getProperty("parley.benchmarks.file");
        if (file == null || file.isBlank()) {
            System.out.println("(no -Dparley.benchmarks.file: results not saved)");
            return;
        }
        Path path = Path.of(file);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        if (!Files.exists(path)) {
            Files.writeString(path, "# Benchmarks\n\nAppended by `./parley bench`; newest last.\n", StandardCharsets.UTF_8);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.println("appended to " + path);
    }
}
