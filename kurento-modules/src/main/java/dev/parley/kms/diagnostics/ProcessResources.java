package dev.parley.kms.diagnostics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What this process holds, read from /proc: threads, file descriptors, sockets, and UDP sockets
 * (the media ports). Leak tests compare these before and after a workload.
 */
public final class ProcessResources {
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    private static final List<Path> UDP_TABLES = List.of(Path.of("/proc/self/net/udp"), Path.of("/proc/self/net/udp6"));
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));

    /**
     * @param threads       JVM threads
     * @param osThreads     all threads of the process, GStreamer's native ones included (/proc/self/task)
     */
    public record Snapshot(int threads, int osThreads, int fileDescriptors, int sockets, int udpSockets, int tcpSockets) {
    }

    private static final Path TASK_DIR = Path.of("/proc/self/task");

    public Snapshot snapshot() {
        Set<String> socketInodes = new HashSet<>();
        int fds = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
            for (Path fd : entries) {
                fds++;
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        socketInodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        } catch (IOException noProc) {
            fds = -1;
        }
        return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), countEntries(TASK_DIR), fds, socketInodes.size(),
                countOwned(UDP_TABLES, socketInodes), countOwned(TCP_TABLES, socketInodes));
    }

    private static int countEntries(Path dir) {
        try (var entries = Files.list(dir)) {
            return (int) entries.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Rows of /proc/net tables whose inode (column 10) is one of this process's sockets. */
    private static int countOwned(List<Path> tables, Set<String> inodes) {
        int count = 0;
        for (Path table : tables) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 9 && inodes.contains(cols[9])) {
                        count++;
                    }
                }
            } catch (IOException | RuntimeException missing) {
                // no IPv6 table, or no /proc
            }
        }
        return count;
    }
}
