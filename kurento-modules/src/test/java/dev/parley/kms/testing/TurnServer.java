package dev.parley.kms.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** coturn on 127.0.0.1 for tests, with one long-term user; {@link #close()} stops it. */
public final class TurnServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private TurnServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static TurnServer start(String user, String password) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("parley-turn-", ".log");
        Process process = new ProcessBuilder(List.of("timeout", "-k", "5", "300", "turnserver", "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=33000", "--max-port=33999", "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                "--lt-cred-mech", "--user=" + user + ":" + password, "--realm=parley", "--fingerprint",
                "--no-stdout-log", "--simple-log", "--log-file=" + log))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TurnServer server = new TurnServer(process, log, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                server.close();
                throw new IOException("turnserver exited: " + Files.readString(log));
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("turnserver did not listen on " + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(log);
    }
}
