package dev.parley.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's binaries: its own data directory under a temporary
 * directory, listening on 127.0.0.1 on a random port, trust authentication for the superuser
 * {@link #USER}. It can be stopped and started again on the same data (a restart), and
 * {@link #close()} stops it and deletes everything it wrote.
 *
 * <p>PostgreSQL refuses to run as root. As root (CI, or a user namespace such as the one
 * {@code ./parley test} makes for other users), every server command runs in a nested user
 * namespace whose only user is {@code nobody}, mapped onto the caller: the server sees itself as an
 * ordinary user that owns its data directory, and the test process can still delete that directory.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "parley";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final int NOBODY = 65534;
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private final Path bin;
    private final Path root;
    private final Path data;
    private final Path log;
    private final int port;
    private final Thread killOnExit;
    private Process server;

    private PostgresServer(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.log = root.resolve("server.log");
        this.port = port;
        this.killOnExit = new Thread(this::kill, "postgres-kill-on-exit");
    }

    /** Creates a new cluster in a temporary directory and starts it. */
    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path root = Files.createTempDirectory("parley-postgres-");
        PostgresServer server = new PostgresServer(bin, root, freeLoopbackPort());
        try {
            Runtime.getRuntime().addShutdownHook(server.killOnExit);
            server.initdb();
            server.startServer();
            return server;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        }
    }

    /** Stops the server cleanly (as a restart of the machine or of Payara would) and starts it again. */
    void restart() throws IOException, InterruptedException {
        stopServer();
        startServer();
    }

    /** Stops the server (fast shutdown) and deletes its directory; safe to call more than once. */
    @Override
    public void close() {
        try {
            stopServer();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(root);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private void initdb() throws IOException, InterruptedException {
        Process initdb = new ProcessBuilder(command(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"))
                .redirectErrorStream(true).redirectOutput(root.resolve("initdb.log").toFile()).start();
        if (!initdb.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
            initdb.destroyForcibly();
            throw new IllegalStateException("initdb did not finish in " + STARTUP + ": " + read(root.resolve("initdb.log")));
        }
        if (initdb.exitValue() != 0) {
            throw new IllegalStateException("initdb failed (exit " + initdb.exitValue() + "): " + read(root.resolve("initdb.log")));
        }
    }

    private void startServer() throws IOException, InterruptedException {
        // No Unix socket outside the temporary directory, no durability work the tests don't need:
        // a clean stop still writes everything, which is what the restart test relies on.
        server = new ProcessBuilder(command(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + root, "-c", "fsync=off", "-c", "full_page_writes=off"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("postgres exited with " + server.exitValue() + ": " + read(log));
            }
            try {
                connect("postgres").close();
                return;
            } catch (SQLException notYet) {
                last = notYet;
                Thread.sleep(200);
            }
        }
        kill();
        throw new IllegalStateException("postgres did not accept connections on port " + port + " within " + STARTUP
                + " (last error: " + last + "): " + read(log));
    }

    private void stopServer() throws InterruptedException {
        Process p = server;
        if (p == null) {
            return;
        }
        server = null;
        if (p.isAlive()) {
            // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, data is checkpointed.
            signal(p, "INT");
            if (!p.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
                throw new IllegalStateException("postgres did not stop within " + SHUTDOWN + ": " + read(log));
            }
        }
    }

    private void kill() {
        Process p = server;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static void signal(Process p, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
            kill.destroyForcibly();
        } catch (IOException e) {
            // fall through to SIGTERM (smart shutdown), which the test's closed connections allow
        }
        p.destroy();
    }

    /** The server command, in a nested user namespace when this process is root. */
    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            // unshare execs the server, so the process we hold is the postmaster itself.
            command.addAll(List.of("unshare", "--user", "--map-user=" + NOBODY, "--map-group=" + NOBODY));
        }
        command.addAll(List.of(args));
        return command;
    }

    /** The newest PostgreSQL of Debian's packages (15 on Debian 12). */
    private static Path binaries() throws IOException {
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            throw new IllegalStateException(DEBIAN_VERSIONS + " is missing: install Debian's postgresql package "
                    + "(scripts/setup-debian.sh does)");
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/postgres")) && Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + DEBIAN_VERSIONS
                            + ": install Debian's postgresql package (scripts/setup-debian.sh does)"));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
