package dev.parley.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and resident memory of named processes from /proc: {@link #mark()} at the start of a
 * span, {@link #cpuPercent} at its end gives each process's CPU over the span as a percentage of
 * one core (user + system, children not included).
 */
final class ProcessLoad {
    /** USER_HZ: the unit of /proc/PID/stat's times; 100 on every Linux architecture Parley runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> ticksAtMark = new LinkedHashMap<>();
    private long markNanos;

    ProcessLoad add(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    Iterable<String> names() {
        return pids.keySet();
    }

    void mark() throws IOException {
        markNanos = System.nanoTime();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            ticksAtMark.put(e.getKey(), ticks(e.getValue()));
        }
    }

    /** CPU of each process since {@link #mark()}, in % of one core. */
    Map<String, Double> cpuPercent() throws IOException {
        double seconds = (System.nanoTime() - markNanos) / 1e9;
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            long ticks = ticks(e.getValue()) - ticksAtMark.getOrDefault(e.getKey(), 0L);
            out.put(e.getKey(), 100 * ticks / TICKS_PER_SECOND / seconds);
        }
        return out;
    }

    /** Resident memory of each process now, in MiB. */
    Map<String, Long> residentMiB() throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            long kib = Files.readAllLines(Path.of("/proc", String.valueOf(e.getValue()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
            out.put(e.getKey(), kib / 1024);
        }
        return out;
    }

    /** utime + stime of {@code pid}: fields 14 and 15 of /proc/PID/stat, counted after the command's closing parenthesis. */
    static long ticks(long pid) throws IOException {
        return ticksOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
