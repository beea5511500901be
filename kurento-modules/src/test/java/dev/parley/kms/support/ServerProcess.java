package dev.parley.kms.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped server jar ({@code java -jar parley-media-server.jar}) as a separate process, the
 * way operators and Parley's own run script start it. Closing it stops the process.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> url = new CompletableFuture<>();

    private ServerProcess(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readOutput, "test-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The jar failsafe points at, or the module's own target/ when run from an IDE or surefire. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("parley.mediaServer.jar", "target/parley-media-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run 'mvn package' first");
        }
        return jar;
    }

    /** Starts the jar and waits until it listens. */
    public static ServerProcess start(String... args) throws Exception {
        ServerProcess server = new ServerProcess(List.of(args));
        try {
            server.url.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return server;
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("server did not start: " + server.output, e);
        }
    }

    /** Runs the jar expecting it to exit (bad configuration); returns its exit code. */
    public static ServerProcess run(String... args) throws Exception {
        ServerProcess server = new ServerProcess(List.of(args));
        if (!server.process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            server.close();
            throw new IllegalStateException("server did not exit: " + server.output);
        }
        return server;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // process ended
        }
        url.completeExceptionally(new IllegalStateException("server exited"));
    }

    public String url() {
        return url.join();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            // No time left for a clean stop: it must not outlive the test all the same.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
