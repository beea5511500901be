package dev.parley.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One process a test starts (a media server or a Payara Micro instance), its output in a log file. */
public final class ClusterProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ClusterProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ClusterProcess start(String name, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ClusterProcess(name, process, log);
    }

    /** Waits until the log has a line matching {@code pattern}; returns its first group (or the line). */
    public String awaitLog(Pattern pattern, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> found = find(pattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + "); its log ends: " + tail());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log /" + pattern + "/ within " + limit.toSeconds() + " s; its log ends: " + tail());
    }

    Optional<String> find(Pattern pattern) throws IOException {
        Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
        return m.find() ? Optional.of(m.groupCount() > 0 ? m.group(1) : m.group()) : Optional.empty();
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster or the media server. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly(); // the test is being stopped: leave nothing running
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
    static void awaitPort(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + limit.toSeconds() + " s");
    }
}
