package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API of the real EAR on Payara Server: who may use it, the REST round trip over stored
 * history (including a recording fetched with Range), bad input, widget tokens, and history that
 * survives a restart of the domain (last, so the other tests share one deployment and one domain
 * start). Users and keys come from the system properties the build sets on the domain (pom.xml).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiOnPayaraServerIT {

    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-it-password";
    private static final String VIEWER = "bob";
    private static final String VIEWER_PASSWORD = "bob-it-password";
    private static final String API_KEY = "it-portal-key";

    /** Shared by the tests of this class: seeded once, checked again after the restart. */
    private static final String ENDED = "it-" + UUID.randomUUID();
    private static final String LIVE = "it-" + UUID.randomUUID();
    /** A random hour in 2030-2079, so that earlier runs' rows in the same domain never fall in this run's time filters. */
    private static final Instant STARTED = Instant.parse("2030-01-01T00:00:00Z")
            .plusSeconds(3600L * java.util.concurrent.ThreadLocalRandom.current().nextLong(50L * 365 * 24));
    private static boolean seeded;
    private static byte[] recordingBytes;

    @ArquillianResource
    URL deployedAt;

    private final AdminHttp http = new AdminHttp();

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    private URI app(String path) {
        return URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/parley/" + path);
    }

    private static Path payaraHome() {
        return Path.of(System.getProperty("parley.payaraHome"));
    }

    private AdminHttp.Answer asAdmin(String method, String path) throws Exception {
        return http.send(method, app(path), ADMIN, ADMIN_PASSWORD, Map.of(), null);
    }

    private AdminHttp.Answer asAdmin(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        return http.send(method, app(path), ADMIN, ADMIN_PASSWORD, headers, body);
    }

    private static void assertProblem(AdminHttp.Answer answer, int status, String detailPart) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        JsonObject problem = answer.json();
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("detail").contains(detailPart), problem.toString());
    }

    /** The tables exist once the EAR is deployed (the store creates them); seed two sessions into them. */
    private synchronized void seed() throws Exception {
        if (seeded) {
            return;
        }
        // Any answer from the store makes sure the persistence unit (and its tables) is up.
        assertEquals(200, asAdmin("GET", "api/v1/sessions").status());
        Path recording = Path.of(System.getProperty("java.io.tmpdir"), ENDED + ".webm");
        recordingBytes = new byte[10_000];
        for (int i = 0; i < recordingBytes.length; i++) {
            recordingBytes[i] = (byte) (i * 31);
        }
        Files.write(recording, recordingBytes);
        try (StoredHistory db = new StoredHistory(payaraHome())) {
            long row = -Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) - 10;
            db.session(ENDED, "ENDED", STARTED, STARTED.plusSeconds(60), "HANG_UP", "127.0.0.1", "IT browser");
            db.session(LIVE, "LIVE", STARTED.plusSeconds(3600), null, null, "127.0.0.2", "IT browser 2");
            db.turn(row, ENDED, 1, "what is parley", "Parley is a voice agent.", null, STARTED.plusSeconds(10));
            db.turn(row - 1, ENDED, 2, "tell me more", "It runs on Jakarta EE and", "It runs on", STARTED.plusSeconds(20));
            db.metrics(row, ENDED, 1, 420, -1);
            db.metrics(row - 1, ENDED, 2, 380, 90);
            db.recording(ENDED, recording, STARTED);
        }
        seeded = true;
    }

    @Test
    @Order(1)
    void withoutCredentialsTheAdminApiAnswers401WithAChallenge() throws Exception {
        AdminHttp.Answer answer = http.send("GET", app("api/v1/sessions"), null, null, Map.of(), null);
        assertProblem(answer, 401, "HTTP Basic");
        assertTrue(answer.headers().getOrDefault("www-authenticate", "").startsWith("Basic"), answer.headers().toString());

        assertProblem(http.send("GET", app("api/v1/sessions"), ADMIN, "wrong", Map.of(), null), 401, "wrong password");
    }

    @Test
    @Order(2)
    void aUserWithoutTheAdminRoleGets403() throws Exception {
        assertProblem(http.send("GET", app("api/v1/sessions/" + ENDED), VIEWER, VIEWER_PASSWORD, Map.of(), null), 403, "admin role");
    }

    @Test
    @Order(3)
    void theStoredSessionCanBeListedInspectedAndItsTranscriptMetricsAndRecordingRead() throws Exception {
        seed();
        AdminHttp.Answer list = asAdmin("GET", "api/v1/sessions?state=ended&from=" + STARTED.minusSeconds(3600) + "&to=" + STARTED.plusSeconds(1800));
        assertEquals(200, list.status(), list.body());
        JsonArray sessions = list.json().getJsonArray("sessions");
        assertEquals(1, list.json().getInt("total"), list.body());
        assertEquals(ENDED, sessions.getJsonObject(0).getString("id"));
        assertEquals("ended", sessions.getJsonObject(0).getString("state"));

        AdminHttp.Answer paged = asAdmin("GET", "api/v1/sessions?from=" + STARTED.minusSeconds(3600) + "&to=" + STARTED.plusSeconds(14 * 3600) + "&size=1&page=1");
        assertEquals(2, paged.json().getInt("total"), paged.body());
        assertEquals(ENDED, paged.json().getJsonArray("sessions").getJsonObject(0).getString("id"), "newest first");

        JsonObject detail = asAdmin("GET", "api/v1/sessions/" + ENDED).json();
        assertEquals("ended", detail.getString("state"));
        assertEquals(false, detail.getBoolean("live"));
        assertEquals(2, detail.getInt("turnCount"));
        assertEquals("IT browser", detail.getJsonObject("client").getString("userAgent"));
        assertEquals("HANG_UP", detail.getString("endCause"));
        assertTrue(detail.getBoolean("recorded"));
        assertEquals(380, detail.getJsonObject("latency").getInt("responseMedianMillis"), detail.toString());
        assertEquals(420, detail.getJsonObject("latency").getInt("responseMaxMillis"), detail.toString());

        JsonArray turns = asAdmin("GET", "api/v1/sessions/" + ENDED + "/transcript").json().getJsonArray("turns");
        assertEquals(2, turns.size());
        assertEquals("what is parley", turns.getJsonObject(0).getString("userText"));
        assertEquals(false, turns.getJsonObject(0).getBoolean("interrupted"));
        assertEquals(true, turns.getJsonObject(1).getBoolean("interrupted"));
        assertEquals("It runs on", turns.getJsonObject(1).getString("heardText"));

        JsonObject metrics = asAdmin("GET", "api/v1/sessions/" + ENDED + "/metrics").json();
        assertEquals(List.of(420, 380), metrics.getJsonArray("turns").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getInt("responseLatencyMillis")).toList());
        assertEquals(90, metrics.getJsonObject("summary").getInt("bargeInReactionMedianMillis"));

        AdminHttp.Answer whole = asAdmin("GET", "api/v1/sessions/" + ENDED + "/recording");
        assertEquals(200, whole.status());
        assertEquals("audio/webm", whole.contentType());
        assertEquals("bytes", whole.headers().get("accept-ranges"));
        assertArrayEquals(recordingBytes, whole.bytes());

        AdminHttp.Answer part = asAdmin("GET", "api/v1/sessions/" + ENDED + "/recording", Map.of("Range", "bytes=100-199"), null);
        assertEquals(206, part.status());
        assertEquals("bytes 100-199/10000", part.headers().get("content-range"));
        assertArrayEquals(Arrays.copyOfRange(recordingBytes, 100, 200), part.bytes());

        AdminHttp.Answer tail = asAdmin("GET", "api/v1/sessions/" + ENDED + "/recording", Map.of("Range", "bytes=-10"), null);
        assertEquals(206, tail.status());
        assertArrayEquals(Arrays.copyOfRange(recordingBytes, 9990, 10000), tail.bytes());

        AdminHttp.Answer beyond = asAdmin("GET", "api/v1/sessions/" + ENDED + "/recording", Map.of("Range", "bytes=10000-"), null);
        assertProblem(beyond, 416, "10000 bytes");
        assertEquals("bytes */10000", beyond.headers().get("content-range"));
    }

    @Test
    @Order(4)
    void badInputIsAnsweredWithAProblemNamingTheCause() throws Exception {
        seed();
        assertProblem(asAdmin("GET", "api/v1/sessions/no-such-session"), 404, "no-such-session");
        assertProblem(asAdmin("GET", "api/v1/sessions/no-such-session/transcript"), 404, "no-such-session");
        assertProblem(asAdmin("GET", "api/v1/sessions/" + LIVE + "/recording"), 404, "recording");
        assertProblem(asAdmin("GET", "api/v1/sessions?page=-1&size=500"), 400, "size must be a whole number from 1 to 100");
        assertProblem(asAdmin("GET", "api/v1/sessions?state=sleeping"), 400, "state must be 'live' or 'ended'");
        assertProblem(asAdmin("GET", "api/v1/sessions?from=yesterday"), 400, "from must be an ISO-8601 instant");

        byte[] huge = ("{\"text\":\"" + "a".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/say", Map.of("Content-Type", "application/json"), huge),
                413, "max-request-body-bytes");

        // Not live in this server (only stored as such): terminating or speaking is a conflict, not a crash.
        byte[] reason = "{\"reason\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8);
        assertProblem(asAdmin("POST", "api/v1/sessions/" + ENDED + "/terminate", Map.of("Content-Type", "application/json"), reason),
                409, "is not live");
        assertProblem(asAdmin("POST", "api/v1/sessions/no-such-session/terminate", Map.of("Content-Type", "application/json"), reason),
                404, "no-such-session");
    }

    @Test
    @Order(5)
    void aPortalBackendObtainsAWidgetTokenOnlyWithItsApiKey() throws Exception {
        assertProblem(http.send("POST", app("api/v1/tokens"), null, null, Map.of(), null), 401, "X-Parley-Api-Key");
        assertProblem(http.send("POST", app("api/v1/tokens"), null, null, Map.of("X-Parley-Api-Key", "guess"), null), 401,
                "not one of");

        Instant before = Instant.now();
        AdminHttp.Answer issued = http.send("POST", app("api/v1/tokens"), null, null, Map.of("X-Parley-Api-Key", API_KEY), null);
        assertEquals(201, issued.status(), issued.body());
        JsonObject token = issued.json();
        assertTrue(token.getString("token").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), token.toString());
        Instant expires = Instant.parse(token.getString("expiresAt"));
        assertTrue(expires.isAfter(before) && expires.isBefore(before.plusSeconds(301)), expires.toString());
    }

    @Test
    @Order(6)
    void theOpenApiDocumentDescribesTheAdminApi() throws Exception {
        AdminHttp.Answer openapi = http.send("GET", URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/openapi"),
                null, null, Map.of("Accept", "application/json"), null);
        assertEquals(200, openapi.status());
        JsonObject paths = openapi.json().getJsonObject("paths");
        assertTrue(paths.containsKey("/api/v1/sessions/{id}/recording"), paths.keySet().toString());
        assertTrue(paths.containsKey("/api/v1/tokens"), paths.keySet().toString());
    }

    @Test
    @Order(100)
    void historySurvivesARestartOfTheDomain() throws Exception {
        seed();
        Path asadmin = payaraHome().resolve("bin/asadmin");
        Process restart = new ProcessBuilder(asadmin.toString(), "restart-domain", "domain1").inheritIO().start();
        try {
            assertTrue(restart.waitFor(240, TimeUnit.SECONDS), "restart-domain did not finish in 240 s");
        } finally {
            restart.destroyForcibly();
        }
        assertEquals(0, restart.exitValue(), "asadmin restart-domain failed");

        AdminHttp.Answer after = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                after = asAdmin("GET", "api/v1/sessions/" + ENDED + "/transcript");
                if (after.status() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // the application is still starting
            }
            Thread.sleep(500);
        }
        assertEquals(200, after == null ? -1 : after.status(), after == null ? "no answer" : after.body());
        assertEquals("It runs on", after.json().getJsonArray("turns").getJsonObject(1).getString("heardText"));
        assertEquals(2, asAdmin("GET", "api/v1/sessions/" + ENDED).json().getInt("turnCount"));
    }
}
