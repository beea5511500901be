package dev.parley.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's 1-minute load average, read from /proc/loadavg every few seconds while the
 * benchmark runs: on a shared machine it says how much the numbers waited for the CPU.
 */
final class LoadSampler implements AutoCloseable {

    private final List<Double> samples = new ArrayList<>();
    private final Thread thread;

    LoadSampler(long everyMillis) {
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    double load = now();
                    synchronized (samples) {
                        samples.add(load);
                    }
                    Thread.sleep(everyMillis);
                }
            } catch (InterruptedException | IOException e) {
                // stopped, or no /proc: the summary says how many samples there are
            }
        }, "bench-load-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static double now() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** e.g. "min 3.1, median 4.0, max 6.2 (41 samples every 5 s)". */
    String summary(long everyMillis) {
        List<Double> sorted;
        synchronized (samples) {
            sorted = samples.stream().sorted().toList();
        }
        if (sorted.isEmpty()) {
            return "not sampled";
        }
        return String.format(Locale.ROOT, "min %.2f, median %.2f, max %.2f (%d samples every %d s)", sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size(), everyMillis / 1000);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
