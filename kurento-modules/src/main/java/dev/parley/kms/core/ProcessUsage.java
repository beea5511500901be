package dev.parley.kms.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;

/** The process's own CPU and memory use, as ServerManager's getUsedCpu/getUsedMemory report them. */
final class ProcessUsage {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long MAX_INTERVAL_MILLIS = 10_000;

    /** Average CPU use of this process over the next {@code intervalMillis}, in percent of all cores. */
    float cpuPercent(int intervalMillis) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long interval = Math.max(1, Math.min(intervalMillis, MAX_INTERVAL_MILLIS));
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        return (float) (100.0 * cpu / ((double) wall * Runtime.getRuntime().availableProcessors()));
    }

    /** Resident memory in KiB (VmRSS), or the JVM heap in use where /proc is missing. */
    long residentKiB() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the heap figure
        }
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }
}
