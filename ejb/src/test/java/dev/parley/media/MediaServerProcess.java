package dev.parley.media;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded media server as a process of its own ({@code dev.parley.kms.MediaServerMain} on this
 * test's class path), on a fixed loopback port so it can be killed and started again where the
 * application expects it. Its RTP ports stay out of the bridges' range. {@link #close()} kills it.
 */
public final class MediaServerProcess implements AutoCloseable {

    private static final long STARTUP_SECONDS = 60;

    private final int port;
    private Process process;

    private MediaServerProcess(int port) {
        this.port = port;
    }

    /** Starts the server on a free port and waits until it listens. */
    public static MediaServerProcess start() throws IOException, InterruptedException {
        MediaServerProcess server = new MediaServerProcess(freePort());
        server.startAgain();
        return server;
    }

    /** A port nothing listens on, for "the media server is not running". */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/kurento";
    }

    /** Starts a new server process on the same port (after {@link #kill()}). */
    public void startAgain() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the media server still runs");
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // timeout(1) bounds the server's life should this JVM die without closing it.
        process = new ProcessBuilder(List.of("timeout", "-k", "5", "600", java.toString(), "-Xmx256m", "-cp", classPath,
                "dev.parley.kms.MediaServerMain", "--bindAddress=127.0.0.1", "--port=" + port, "--minPort=40000", "--maxPort=49999",
                // tests record into temporary directories; the server writes only under its roots
                "--recordingRoots=" + System.getProperty("java.io.tmpdir")))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        java.util.Deque<String> lastLines = new java.util.concurrent.ConcurrentLinkedDeque<>();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.pollFirst();
                    }
                    if (line.contains("parley-media-server listening on")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new IOException("the media server exited before listening; its last output:\n"
                    + String.join("\n", lastLines)));
        }, "media-server-output-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            kill();
            throw new IOException("the media server did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle child : children) {
            while (child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    /** Stops the server's processes (SIGSTOP): it keeps its connections but answers nothing, as a hung server would. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("kill", signal, String.valueOf(process.pid())));
        process.descendants().forEach(child -> command.add(String.valueOf(child.pid())));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The server's own counts ({@code parley.diagnostics}: pipelines, objects, engine elements, RTP port pairs, threads...). */
    public static JsonObject diagnostics(KurentoClient client) throws IOException {
        Response<JsonElement> response = client.sendJsonRpcRequest(new Request<>(9_999_999, "parley.diagnostics", new JsonObject()));
        if (response.getError() != null) {
            throw new IOException("parley.diagnostics failed: " + response.getError().getMessage());
        }
        return response.getResult().getAsJsonObject();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            // kill() signals the server and its children before it waits: only the wait was cut short.
            Thread.currentThread().interrupt();
        }
    }
}
