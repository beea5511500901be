package dev.parley.kms.access;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.KmsErrors;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kurento port of the shipped jar, run as a process the way operators run it, with a secret
 * (from a file) and a recording root: browser origins, the secret, and where recorders may write.
 * Before these settings existed the server took a handshake from any page, and a recorder wrote
 * wherever the server's user could.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KurentoPortAccessIT {
    private static final String SECRET = "it-secret-0f9e8d7c6b5a4";
    private static final String REFUSAL_LOG = "refused a WebSocket handshake";
    private static Path dir;
    private static Path root;
    private static Path outside;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-kms-access-");
        root = Files.createDirectories(dir.resolve("recordings")).toRealPath();
        outside = Files.createDirectories(dir.resolve("elsewhere")).toRealPath();
        Path secretFile = Files.writeString(dir.resolve("kms.secret"), SECRET + "\n");
        server = ServerProcess.start("--port=0", "--secretFile=" + secretFile, "--recordingRoots=" + root,
                "--recorderDefaultPath=" + root.toUri());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
                assertFalse(server.output().contains(SECRET), "the secret never appears in the server's output");
                assertFalse(server.output().lines().anyMatch(l -> l.startsWith("\tat ")), "no stack trace: " + server.output());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static URI url() {
        return URI.create(server.url());
    }

    @Test
    void aHandshakeWithABrowserOriginIsRefusedWith403EvenWithTheSecret() throws Exception {
        long before = refusalsLogged();
        assertEquals(403, handshake(url().getPort(), "/kurento", "http://evil.example"));
        assertEquals(403, handshake(url().getPort(), "/kurento?secret=" + SECRET, "http://evil.example"));
        assertEquals(403, handshake(url().getPort(), "/kurento?secret=" + SECRET, "http://127.0.0.1:8080"),
                "a page of another local server (e.g. Parley's own)");
        assertLoggedOnceEach(before, 3, "is not allowed");
    }

    @Test
    void withoutTheSecretOrWithAWrongOneTheHandshakeIsRefusedWith401() throws Exception {
        long before = refusalsLogged();
        assertEquals(401, handshake(url().getPort(), "/kurento", null));
        assertEquals(401, handshake(url().getPort(), "/kurento?secret=", null));
        assertEquals(401, handshake(url().getPort(), "/kurento?secret=" + SECRET.substring(1), null));
        assertEquals(401, handshake(url().getPort(), "/kurento?secret=" + SECRET + "0", null));
        int port = url().getPort();
        assertEquals(401, handshake(port, "/kurento", "http://rebound.example:" + port, "rebound.example:" + port),
                "a DNS-rebinding page naming itself passes the origin rule (the name could be the server's) but has no secret");
        assertLoggedOnceEach(before, 5, "secret in the URL");

        // A WebSocket client library is refused as well. (Not the Kurento Java client here: 7.1.0
        // deadlocks in KurentoClient.create on any refused handshake, see docs/media-server.md.)
        assertThrows(IllegalStateException.class, () -> new RawKurentoSocket(server.url()).close());
        assertThrows(IllegalStateException.class, () -> new RawKurentoSocket(server.url() + "?secret=wrong-but-long-enough").close());
    }

    @Test
    void theKurentoJavaClientWorksUnchangedWithTheSecretInTheUrl() throws Exception {
        assertEquals(101, handshake(url().getPort(), "/kurento?secret=" + SECRET, null));
        KurentoClient kurento = KurentoClient.create(server.url() + "?secret=" + SECRET);
        try {
            assertEquals("7.1.0", kurento.getServerManager().getInfo().getVersion());
            MediaPipeline pipeline = kurento.createMediaPipeline();
            String uri = root.resolve("calls/inside.webm").toUri().toString();
            RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, uri)
                    .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
            assertEquals(uri, recorder.getUri());
            RecorderEndpoint relative = new RecorderEndpoint.Builder(pipeline, "relative.webm").build();
            assertEquals("relative.webm", relative.getUri());
            assertTrue(kurento.getServerManager().getPipelines().stream().anyMatch(p -> p.getId().equals(pipeline.getId())));
            pipeline.release();
            assertTrue(Eventually.holds(() -> kurento.getServerManager().getPipelines().isEmpty(), 5000), "released");
        } finally {
            kurento.destroy();
        }
    }

    @Test
    void recorderUrisOutsideTheRootsAreRefusedWith40107IllegalParamAndCreateNothing() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "must stay");
        Files.createSymbolicLink(root.resolve("out-dir"), outside);
        Files.createSymbolicLink(root.resolve("victim.webm"), victim);
        Files.createSymbolicLink(root.resolve("dangling.webm"), outside.resolve("planted.webm"));
        Set<Path> outsideBefore = tree(outside);
        Set<Path> rootBefore = tree(root);
        List<String> uris = List.of(
                outside.resolve("a.webm").toUri().toString(),
                outside.resolve("new/dir/b.webm").toUri().toString(),
                "file://" + outside + "/../elsewhere/c.webm",
                root.toUri() + "../elsewhere/d.webm",
                root.toUri() + "sub/../../elsewhere/newdir/e.webm",
                "../elsewhere/f.webm",
                "sub%2F..%2F..%2Felsewhere%2Fg.webm",
                root.resolve("out-dir/h.webm").toUri().toString(),
                root.resolve("out-dir/newdir/i.webm").toUri().toString(),
                root.resolve("victim.webm").toUri().toString(),
                root.resolve("dangling.webm").toUri().toString(),
                "file:///etc/parley-kms-access-test.webm");
        KurentoClient kurento = KurentoClient.create(server.url() + "?secret=" + SECRET);
        try {
            MediaPipeline pipeline = kurento.createMediaPipeline();
            for (String uri : uris) {
                KurentoServerException e = KmsErrors.assertKmsError(40107, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR",
                        () -> new RecorderEndpoint.Builder(pipeline, uri).build());
                assertTrue(e.getMessage().contains("outside"), e.getMessage());
            }
            assertEquals(List.of(), pipeline.getChildren(), "no recorder was created");
            pipeline.release();
        } finally {
            kurento.destroy();
        }
        assertEquals(outsideBefore, tree(outside), "nothing created outside the root");
        assertEquals(rootBefore, tree(root), "nor inside: the refused recorders made no directories");
        assertEquals("must stay", Files.readString(victim));
        assertFalse(Files.exists(Path.of("/etc/parley-kms-access-test.webm")));
    }

    @Test
    void aListedOriginIsLetThroughAndOthersAreNot() throws Exception {
        try (ServerProcess listed = ServerProcess.start("--port=0", "--allowedOrigins=https://app.example, http://127.0.0.1:8080")) {
            int port = URI.create(listed.url()).getPort();
            assertEquals(101, handshake(port, "/kurento", "https://app.example"));
            assertEquals(101, handshake(port, "/kurento", "http://127.0.0.1:8080"));
            assertEquals(101, handshake(port, "/kurento", null), "no secret is set: the Kurento client needs none");
            assertEquals(403, handshake(port, "/kurento", "https://evil.example"));
            assertEquals(403, handshake(port, "/kurento", "http://127.0.0.1:8081"));
            assertEquals(101, handshake(port, "/kurento", "http://127.0.0.1:" + port),
                    "the own origin, which the Kurento Java client's WebSocket sends");
            assertEquals(403, handshake(port, "/kurento", "http://rebound.example:" + port, "rebound.example:" + port),
                    "a DNS-rebinding page naming itself");
            KurentoClient kurento = KurentoClient.create(listed.url());
            try {
                assertEquals("7.1.0", kurento.getServerManager().getInfo().getVersion(), "the Kurento Java client without a secret");
            } finally {
                kurento.destroy();
            }
        }
    }

    /** A WebSocket handshake by hand, so that it can carry an Origin as a browser's does; returns the status code. */
    private static int handshake(int port, String target, String origin) throws Exception {
        return handshake(port, target, origin, "127.0.0.1:" + port);
    }

    private static int handshake(int port, String target, String origin, String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 "), "status line: " + status);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static long refusalsLogged() {
        return server.output().lines().filter(l -> l.contains(REFUSAL_LOG)).count();
    }

    /** One log line per refusal, naming the reason; checked after the log had time to arrive. */
    private static void assertLoggedOnceEach(long before, int refusals, String reason) throws InterruptedException {
        assertTrue(Eventually.holds(() -> refusalsLogged() >= before + refusals, 5000), server.output());
        Thread.sleep(300);
        assertEquals(before + refusals, refusalsLogged(), server.output());
        List<String> lines = server.output().lines().filter(l -> l.contains(REFUSAL_LOG)).skip(before).collect(Collectors.toList());
        assertTrue(lines.stream().allMatch(l -> l.contains(reason) && l.contains("/127.0.0.1:")), String.join("\n", lines));
    }

    private static Set<Path> tree(Path top) throws Exception {
        try (Stream<Path> files = Files.walk(top)) {
            return files.collect(Collectors.toSet());
        }
    }
}
