package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.api.ApiException;
import dev.parley.client.api.InfoApi;
import dev.parley.client.api.SessionsApi;
import dev.parley.client.api.TokensApi;
import dev.parley.client.model.ParleyInfo;
import dev.parley.client.model.SayRequest;
import dev.parley.client.model.SessionDetail;
import dev.parley.client.model.SessionList;
import dev.parley.client.model.Termination;
import dev.parley.client.model.TokenAnswer;
import dev.parley.client.model.TurnMetricsView;
import dev.parley.client.model.TurnView;
import dev.parley.e2e.PageRecording;
import dev.parley.e2e.SpokenWav;
import dev.parley.testing.HeadlessChromium;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API of the real EAR on Payara Server: who may use it; a real call (headless Chromium
 * on the demo page with a widget token, asking a question through its fake microphone) seen
 * through the API while live and after an administrator made the agent speak and terminated it
 * (transcript, per-turn metrics, the recording fetched with Range); the application metrics and
 * readiness it fed; bad input; widget tokens; and history that survives a restart of the domain
 * (last, so the other tests share one deployment and one domain start). Users and keys come from
 * the system properties the build sets on the domain (pom.xml). Only the time filters and paging
 * over hours use seeded rows, which a real call of a few seconds cannot produce.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiOnPayaraServerIT {

    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-it-password";
    private static final String VIEWER = "bob";
    private static final String VIEWER_PASSWORD = "bob-it-password";
    private static final String API_KEY = "it-portal-key";

    /** What the admin makes the agent say during the real call. */
    private static final String SAID = "This is your administrator speaking, thank you for calling.";
    private static final String TERMINATION_REASON = "maintenance window (admin IT)";
    /** The real call's session, shared by the tests of this class and checked again after the restart. */
    private static String callId;
    private static JsonArray callTurns;

    /** Seeded rows at made-up hours, for the time filters and paging only. */
    private static final String ENDED = "it-" + UUID.randomUUID();
    private static final String LIVE = "it-" + UUID.randomUUID();
    /** A random hour in 2030-2079, so that earlier runs' rows in the same domain never fall in this run's time filters. */
    private static final Instant STARTED = Instant.parse("2030-01-01T00:00:00Z")
            .plusSeconds(3600L * java.util.concurrent.ThreadLocalRandom.current().nextLong(50L * 365 * 24));
    private static boolean seeded;

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

    /** The tables exist once the EAR is deployed (the store creates them); seed two sessions an hour apart into them. */
    private synchronized void seed() throws Exception {
        if (seeded) {
            return;
        }
        // Any answer from the store makes sure the persistence unit (and its tables) is up.
        assertEquals(200, asAdmin("GET", "api/v1/sessions").status());
        try (StoredHistory db = new StoredHistory(payaraHome())) {
            long row = -Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) - 10;
            db.session(ENDED, "ENDED", STARTED, STARTED.plusSeconds(60), "HANG_UP", "127.0.0.1", "IT browser");
            db.session(LIVE, "LIVE", STARTED.plusSeconds(3600), null, null, "127.0.0.2", "IT browser 2");
            db.turn(row, ENDED, 1, "what is parley", "Parley is a voice agent.", null, STARTED.plusSeconds(10));
            db.turn(row - 1, ENDED, 2, "tell me more", "It runs on Jakarta EE and", "It runs on", STARTED.plusSeconds(20));
            db.metrics(row, ENDED, 1, 420, -1);
            db.metrics(row - 1, ENDED, 2, 380, 90);
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

    private URI demoPage(String token) {
        return app("index.html?token=" + token);
    }

    private String widgetToken() throws Exception {
        AdminHttp.Answer issued = http.send("POST", app("api/v1/tokens"), null, null, Map.of("X-Parley-Api-Key", API_KEY), null);
        assertEquals(201, issued.status(), issued.body());
        return issued.json().getString("token");
    }

    /** Asks for {@code path} as the admin until {@code done} holds for the JSON answer (history is written asynchronously). */
    private JsonObject awaitJson(String path, Predicate<JsonObject> done, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        AdminHttp.Answer last;
        do {
            last = asAdmin("GET", path);
            if (last.status() == 200 && done.test(last.json())) {
                return last.json();
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " within " + timeout.toSeconds() + " s; last answer HTTP " + last.status() + ": " + last.body());
    }

    private static String events(HeadlessChromium browser) {
        try {
            return summary(PageRecording.parse(browser.evaluate(PageRecording.READ)));
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A string result of {@link HeadlessChromium#evaluate} (JSON) as plain text. */
    private static String unquote(String json) {
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return ((jakarta.json.JsonString) reader.readValue()).getString();
        }
    }

    private static String summary(PageRecording page) {
        return page.events().stream().map(e -> Math.round(e.atMillis()) + " " + e.name() + " " + e.detail())
                .collect(java.util.stream.Collectors.joining("\n  ", "\n  ", ""));
    }

    private static boolean agentCaptionContains(HeadlessChromium browser, String text) throws Exception {
        return Boolean.parseBoolean(browser.evaluate("window.__parleyE2e.events.some(e => e.name === 'transcript'"
                + " && e.detail.speaker === 'agent' && e.detail.text.includes(" + HeadlessChromium.js(text) + "))"));
    }

    /**
     * A silent call that connects and hangs up: the deployment's first connection to the media
     * server can take many seconds, which would swallow the question of the call under test (the
     * fake microphone plays from the moment the page asks for it).
     */
    private void warmUp(Path audio) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage(widgetToken()).toString(), new SpokenWav(audio).silence(60).write("silence.wav"), List.of())) {
            browser.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                    "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').start()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'state' && e.detail.state === 'listening')",
                    Duration.ofSeconds(90), "the warm-up call connects; events so far: " + events(browser));
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(30), "the warm-up call ends");
        }
    }

    @Test
    @Order(3)
    void aRealCallIsListedInspectedSpokenToTerminatedAndItsTranscriptMetricsAndRecordingServed() throws Exception {
        Path audio = Files.createTempDirectory("parley-admin-it-");
        warmUp(audio);
        Instant before = Instant.now().minusSeconds(2);
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage(widgetToken()).toString(),
                new SpokenWav(audio).silence(6).say("what is your name").silence(90).write("microphone.wav"), List.of())) {
            browser.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                    "the demo page defines <parley-agent>");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').shadowRoot.querySelector('[data-action=start]').click()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'state' && e.detail.state === 'listening')"
                    + " || window.__parleyE2e.events.some(e => e.name === 'error' || e.name === 'ended')",
                    Duration.ofSeconds(60), "the call connects; events so far: " + events(browser));
            callId = browser.evaluate("document.getElementById('agent').sessionId").replace("\"", "");
            assertTrue(callId != null && callId.matches("[0-9a-f-]{36}"), "the widget knows its session id: " + callId);

            // The user asks; the (possibly cold) retrieval agent answers.
            browser.await("window.__parleyE2e.events.some(e => e.name === 'metrics')"
                    + " || window.__parleyE2e.events.some(e => e.name === 'ended' || e.name === 'error')",
                    Duration.ofSeconds(120), "the agent answers the question; events so far: " + events(browser));

            // Say: the page hears the agent say the administrator's text (its caption), as an agent turn.
            // Through the client generated from docs/openapi.json: what the page hears proves the body it sent.
            try (Client<SessionsApi> sessions = client(SessionsApi.class, ADMIN, ADMIN_PASSWORD)) {
                sessions.api().say(callId, new SayRequest().text(SAID));
            }
            browser.await("window.__parleyE2e.events.some(e => e.name === 'transcript' && e.detail.speaker === 'agent'"
                            + " && e.detail.text.includes('thank you for calling'))"
                            + " || window.__parleyE2e.events.some(e => e.name === 'ended')",
                    Duration.ofSeconds(60), "the page shows the agent saying the administrator's text; events so far: " + events(browser));
            assertTrue(agentCaptionContains(browser, "This is your administrator speaking"), "the whole text was said: " + events(browser));
            // A caption shows when its piece starts playing: the turn is over (and stored) once its metrics arrive.
            browser.await("window.__parleyE2e.events.filter(e => e.name === 'metrics').length >= 2"
                    + " || window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(60),
                    "the said text's turn completes; events so far: " + events(browser));

            // Live: listed among the live sessions started since the test began, and its detail says so.
            JsonObject live = asAdmin("GET", "api/v1/sessions?state=live&from=" + before).json();
            assertTrue(live.getJsonArray("sessions").getValuesAs(JsonObject.class).stream().anyMatch(x -> callId.equals(x.getString("id"))),
                    "the call is listed as live: " + live);
            JsonObject detail = asAdmin("GET", "api/v1/sessions/" + callId).json();
            assertEquals("live", detail.getString("state"), detail.toString());
            assertTrue(detail.getBoolean("live"));
            assertTrue(!detail.containsKey("audio") || detail.isNull("audio"), "counted when the call ends: " + detail);
            Instant started = Instant.parse(detail.getString("startedAt"));
            assertTrue(!started.isBefore(before) && !started.isAfter(Instant.now()), "started " + started + ", test began " + before);
            assertTrue(detail.getBoolean("recorded"), "recording is on in the test domain: " + detail);
            // Who connected, as the signalling socket saw it: this browser's User-Agent and the page's origin.
            JsonObject who = detail.getJsonObject("client");
            assertEquals(unquote(browser.evaluate("navigator.userAgent")),
                    who.getString("userAgent", null), detail.toString());
            assertEquals("http://127.0.0.1:" + deployedAt.getPort(), who.getString("origin", null), detail.toString());
            assertEquals("127.0.0.1", who.getString("address", null), detail.toString());
            assertTrue(detail.get("endedAt") == null || detail.isNull("endedAt"), detail.toString());

            // Recording is on: the caller was shown the notice before the call began, and a live session cannot be deleted.
            assertEquals("\"This call is recorded.\"", browser.evaluate("document.getElementById('agent').recordingNotice"));
            assertProblem(asAdmin("DELETE", "api/v1/sessions/" + callId), 409, "is live");
            assertEquals(200, asAdmin("GET", "api/v1/sessions/" + callId).status(), "a refused delete changes nothing");

            // Terminate: the widget is told, with the administrator's reason.
            try (Client<SessionsApi> sessions = client(SessionsApi.class, ADMIN, ADMIN_PASSWORD)) {
                sessions.api().terminateSession(callId, new Termination().reason(TERMINATION_REASON));
            }
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(30),
                    "the widget hears the end; events so far: " + events(browser));
            PageRecording page = PageRecording.parse(browser.evaluate(PageRecording.READ));
            JsonObject ended = page.named("ended").get(0).detail();
            assertEquals("terminated", ended.getString("reason"), summary(page));
            assertTrue(ended.getString("detail").contains(TERMINATION_REASON), ended.toString());
            assertTrue(page.named("error").isEmpty(), "no parley:error" + summary(page));
        } finally {
            SpokenWav.deleteAll(audio);
        }

        // Ended: the end, then the whole history, are stored.
        JsonObject detail = awaitJson("api/v1/sessions/" + callId, d -> "ended".equals(d.getString("state")), Duration.ofSeconds(30),
                "the session is stored as ended");
        assertEquals(false, detail.getBoolean("live"));
        assertEquals("TERMINATED", detail.getString("endCause"));
        assertTrue(detail.getString("endDetail").contains(TERMINATION_REASON), detail.toString());
        assertTrue(!Instant.parse(detail.getString("endedAt")).isBefore(Instant.parse(detail.getString("startedAt"))), detail.toString());
        assertTrue(detail.getInt("turnCount") >= 2, "the answer and the said text: " + detail);
        // The call's audio as the bridge counted it: the browser's microphone in, the agent's answers out.
        JsonObject callAudio = detail.getJsonObject("audio");
        assertTrue(callAudio.getJsonNumber("callerPacketsReceived").longValue() > 100 && callAudio.getJsonNumber("agentPacketsSent").longValue() > 100,
                callAudio.toString());
        assertTrue(callAudio.getJsonNumber("callerLossPercent").doubleValue() >= 0, callAudio.toString());
        // Chromium sends every 20 ms on loopback: some jitter from scheduling, far below a jitter buffer's depth
        double jitter = callAudio.getJsonNumber("callerMaxJitterMillis").doubleValue();
        assertTrue(jitter > 0 && jitter < 200, callAudio.toString());
        // The caller's network as the media server measured it: Chromium's microphone for the whole
        // call (more packets than reached the bridge, which starts after the media server), no loss
        // on loopback, and a round trip from RTCP.
        JsonObject browserLeg = callAudio.getJsonObject("browserLeg");
        assertTrue(browserLeg.getJsonNumber("packetsReceived").longValue() >= callAudio.getJsonNumber("callerPacketsReceived").longValue() - 50,
                callAudio.toString());
        assertTrue(browserLeg.getJsonNumber("packetsLost").longValue() <= 5 && browserLeg.getJsonNumber("lossPercent").doubleValue() < 1,
                callAudio.toString());
        assertTrue(browserLeg.getJsonNumber("jitterMillis").doubleValue() >= 0 && browserLeg.getJsonNumber("jitterMillis").doubleValue() < 100,
                callAudio.toString());
        assertTrue(!browserLeg.isNull("roundTripMillis") && browserLeg.getJsonNumber("roundTripMillis").doubleValue() >= 0
                && browserLeg.getJsonNumber("roundTripMillis").doubleValue() < 200, callAudio.toString());

        // Transcript: the user's recognised words and the agent's answer; the administrator's text as an agent turn.
        callTurns = asAdmin("GET", "api/v1/sessions/" + callId + "/transcript").json().getJsonArray("turns");
        JsonObject first = callTurns.getJsonObject(0);
        assertEquals(1, first.getInt("turn"));
        assertTrue(first.getString("userText", "").toLowerCase(java.util.Locale.ROOT).contains("name"), "the question as recognised: " + first);
        assertTrue(first.getString("agentText", "").contains("voice assistant"), "the agent's answer: " + first);
        assertTrue(first.containsKey("userSpokeAt") && first.containsKey("agentStartedAt"), first.toString());
        assertTrue(!Instant.parse(first.getString("agentStartedAt")).isBefore(Instant.parse(first.getString("userSpokeAt"))), first.toString());
        assertEquals(false, first.getBoolean("interrupted"));
        JsonObject spoken = callTurns.getValuesAs(JsonObject.class).stream()
                .filter(t -> t.getString("agentText", "").equals(SAID)).findFirst()
                .orElseThrow(() -> new AssertionError("the administrator's text is an agent turn: " + callTurns));
        assertTrue(!spoken.containsKey("userText") || spoken.isNull("userText"), "nobody asked for it: " + spoken);

        // Per-turn metrics: the answer has a measured response latency; the said text has none (no user speech before it).
        JsonObject metrics = asAdmin("GET", "api/v1/sessions/" + callId + "/metrics").json();
        JsonObject answerMetrics = metrics.getJsonArray("turns").getJsonObject(0);
        long latency = answerMetrics.getJsonNumber("responseLatencyMillis").longValue();
        System.out.println("admin IT: the real call's first answer came " + latency + " ms after the user stopped speaking; metrics " + metrics);
        assertTrue(latency > 0, answerMetrics.toString());
        assertTrue(answerMetrics.getJsonNumber("endpointingMillis").longValue() > 0, answerMetrics.toString());
        // stored through Payara's own database: a count (loopback loses nothing, but a loaded machine may be late)
        assertTrue(answerMetrics.containsKey("userFramesConcealed") && answerMetrics.getInt("userFramesConcealed") >= 0,
                answerMetrics.toString());
        assertEquals(-1, metrics.getJsonArray("turns").getJsonObject(spoken.getInt("turn") - 1).getJsonNumber("responseLatencyMillis").longValue());

        // The recording: a WebM file, whole and by Range.
        AdminHttp.Answer whole = asAdmin("GET", "api/v1/sessions/" + callId + "/recording");
        assertEquals(200, whole.status(), whole.body());
        assertEquals("audio/webm", whole.contentType());
        assertEquals("bytes", whole.headers().get("accept-ranges"));
        byte[] bytes = whole.bytes();
        System.out.println("admin IT: the real call's recording has " + bytes.length + " bytes");
        assertTrue(bytes.length > 1000, "a recording of several seconds: " + bytes.length + " bytes");
        assertArrayEquals(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, Arrays.copyOf(bytes, 4), "an EBML (WebM) header");
        AdminHttp.Answer part = asAdmin("GET", "api/v1/sessions/" + callId + "/recording", Map.of("Range", "bytes=100-199"), null);
        assertEquals(206, part.status());
        assertEquals("audio/webm", part.contentType());
        assertEquals("bytes 100-199/" + bytes.length, part.headers().get("content-range"));
        assertEquals("100", part.headers().get("content-length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), part.bytes());
        AdminHttp.Answer tail = asAdmin("GET", "api/v1/sessions/" + callId + "/recording", Map.of("Range", "bytes=-10"), null);
        assertEquals(206, tail.status());
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length), tail.bytes());
        AdminHttp.Answer beyond = asAdmin("GET", "api/v1/sessions/" + callId + "/recording", Map.of("Range", "bytes=" + bytes.length + "-"), null);
        assertProblem(beyond, 416, bytes.length + " bytes");
        assertEquals("bytes */" + bytes.length, beyond.headers().get("content-range"));

        // An ended session can no longer be spoken to (404) nor terminated again (409).
        assertProblem(asAdmin("POST", "api/v1/sessions/" + callId + "/say", Map.of("Content-Type", "application/json"),
                "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8)), 404, "has ended");
        assertProblem(asAdmin("POST", "api/v1/sessions/" + callId + "/terminate", Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8)), 409, "is not live");
    }

    /** Seeded: sessions hours apart (a real call cannot start an hour ago), for the time filters, paging and the latency summary. */
    @Test
    @Order(4)
    void storedSessionsAreFilteredByTimeAndStateAndPaged() throws Exception {
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
        assertEquals(380, detail.getJsonObject("latency").getInt("responseMedianMillis"), detail.toString());
        assertEquals(420, detail.getJsonObject("latency").getInt("responseMaxMillis"), detail.toString());
        JsonObject metrics = asAdmin("GET", "api/v1/sessions/" + ENDED + "/metrics").json();
        assertEquals(90, metrics.getJsonObject("summary").getInt("bargeInReactionMedianMillis"));
    }

    @Test
    @Order(5)
    void badInputIsAnsweredWithAProblemNamingTheCause() throws Exception {
        seed();
        assertProblem(asAdmin("GET", "api/v1/sessions/no-such-session"), 404, "no session no-such-session");
        assertProblem(asAdmin("GET", "api/v1/sessions/no-such-session/transcript"), 404, "no session no-such-session");
        assertProblem(asAdmin("GET", "api/v1/sessions/" + LIVE + "/recording"), 404, "has no recording");
        assertProblem(asAdmin("GET", "api/v1/no-such-resource"), 404, "No resource at /parley/api/v1/no-such-resource");
        assertProblem(asAdmin("GET", "api/v1/sessions?page=-1&size=500"), 400, "size must be a whole number from 1 to 100");
        assertProblem(asAdmin("GET", "api/v1/sessions?state=sleeping"), 400, "state must be 'live' or 'ended'");
        assertProblem(asAdmin("GET", "api/v1/sessions?from=yesterday"), 400, "from must be an ISO-8601 instant");

        Map<String, String> json = Map.of("Content-Type", "application/json");
        byte[] huge = ("{\"text\":\"" + "a".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/say", json, huge), 413, "max-request-body-bytes");
        byte[] longText = ("{\"text\":\"" + "a".repeat(2001) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/say", json, longText), 400, "at most 2000 characters");
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/say", json, "{\"text\":\"  \"}".getBytes(StandardCharsets.UTF_8)),
                400, "text is required");
        assertProblem(asAdmin("POST", "api/v1/sessions/no-such-session/say", json, "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)),
                404, "no session no-such-session");

        // Stored as live but not live in this server (a seeded row): speaking is a 404 (no live agent), terminating a conflict.
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/say", json, "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)),
                404, "has ended");
        byte[] reason = "{\"reason\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8);
        assertProblem(asAdmin("POST", "api/v1/sessions/" + LIVE + "/terminate", json, reason), 409, "is not live");
        assertProblem(asAdmin("POST", "api/v1/sessions/no-such-session/terminate", json, reason), 404, "no-such-session");
    }

    @Test
    @Order(6)
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
    @Order(7)
    void theOpenApiDocumentDescribesTheAdminApi() throws Exception {
        AdminHttp.Answer openapi = http.send("GET", URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/openapi"),
                null, null, Map.of("Accept", "application/json"), null);
        assertEquals(200, openapi.status());
        JsonObject document = openapi.json();
        JsonObject paths = document.getJsonObject("paths");
        // Every route docs/rest-api.md lists is in the document with the credentials it names, and
        // the document has no route the page leaves out: a client generated from it calls them all.
        Map<String, String> documented = documentedRoutes();
        assertTrue(documented.size() >= 10, "the route table of docs/rest-api.md: " + documented);
        java.util.Set<String> served = new java.util.TreeSet<>();
        for (String path : paths.keySet()) {
            if (!path.startsWith("/api/v1/")) {
                continue;
            }
            for (String method : paths.getJsonObject(path).keySet()) {
                if (!List.of("get", "put", "post", "delete", "patch").contains(method)) {
                    continue;
                }
                String route = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
                served.add(route);
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                String who = documented.get(route);
                if (who == null) {
                    continue;
                }
                String schemes = operation.containsKey("security") ? operation.getJsonArray("security").toString() : "[]";
                String expected = who.equals("admin") ? "basic" : who.contains("API key") ? "apiKey" : null;
                if (expected == null) {
                    assertEquals("[]", schemes, route + " needs no credentials");
                } else {
                    assertTrue(schemes.contains("\"" + expected + "\""), route + " names its scheme " + expected + ": " + schemes);
                }
                assertTrue(operation.containsKey("responses") && !operation.getJsonObject("responses").isEmpty(), route + " has responses");
            }
        }
        assertEquals(new java.util.TreeSet<>(documented.keySet()), served, "the routes the document serves are the routes docs/rest-api.md lists");
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals("http", schemes.getJsonObject("basic").getString("type"), schemes.toString());
        assertEquals("apiKey", schemes.getJsonObject("apiKey").getString("type"), schemes.toString());

        // docs/openapi.json, from which client/ generates the REST client, is what Payara serves,
        // less what depends on where it runs: "servers" (this host and port) and Payara's own
        // "endpoints" (not OpenAPI; a generator refuses it).
        JsonObject portable = jakarta.json.Json.createObjectBuilder(document).remove("servers").remove("endpoints").build();
        Path servedFile = Path.of("target", "openapi-served.json");
        Files.writeString(servedFile, portable.toString());
        JsonObject committed;
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(Files.newBufferedReader(Path.of("..", "docs", "openapi.json")))) {
            committed = reader.readObject();
        }
        assertEquals(committed, portable, "docs/openapi.json differs from the document Payara serves (written to arquillian/"
                + servedFile + "): when the API changed on purpose, copy it there, pretty-printed");
    }

    /** A generated client interface and the proxy's own close (MicroProfile Rest Client proxies are Closeable). */
    private record Client<T>(T api) implements java.io.Closeable {
        @Override
        public void close() throws java.io.IOException {
            ((java.io.Closeable) api).close();
        }
    }

    /** {@code api} as generated in client/, on RESTEasy's MicroProfile Rest Client, with HTTP Basic when a user is given. */
    private <T> Client<T> client(Class<T> api, String user, String password) {
        RestClientBuilder builder = RestClientBuilder.newBuilder()
                .baseUri(URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/parley"))
                .connectTimeout(10, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS);
        if (user != null) {
            String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            builder.register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                    request.getHeaders().putSingle("Authorization", "Basic " + credentials));
        }
        return new Client<>(builder.build(api));
    }

    /** The call fails with the generated ApiException carrying a problem+json of this status and type. */
    private static void assertProblemThrown(int status, String type, Executable call) {
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, call);
        assertEquals(status, e.getResponse().getStatus());
        assertTrue(e.getResponse().getMediaType().toString().startsWith("application/problem+json"), e.getResponse().getMediaType().toString());
        dev.parley.client.model.Problem problem = e.getResponse().readEntity(dev.parley.client.model.Problem.class);
        assertEquals("https://parley.dev/problems/" + type, problem.getType(), problem.toString());
        assertEquals(status, problem.getStatus(), problem.toString());
    }

    /**
     * After the real call (order 3, whose say and terminate already went through the generated
     * client): every other route, read into the generated models, and the problems as ApiExceptions.
     */
    @Test
    @Order(9)
    void theClientGeneratedFromTheOpenApiDocumentCallsEveryRoute() throws Exception {
        assertTrue(callId != null, "the real call ran (test order 3)");
        seed();
        try (Client<InfoApi> anonymous = client(InfoApi.class, null, null);
             Client<InfoApi> adminInfo = client(InfoApi.class, ADMIN, ADMIN_PASSWORD);
             Client<TokensApi> tokens = client(TokensApi.class, null, null);
             Client<SessionsApi> sessions = client(SessionsApi.class, ADMIN, ADMIN_PASSWORD);
             Client<SessionsApi> viewer = client(SessionsApi.class, VIEWER, VIEWER_PASSWORD)) {
            ParleyInfo info = anonymous.api().getInfo();
            assertEquals("Parley", info.getName(), info.toString());
            assertEquals("connected", info.getMediaServer(), info.toString());
            assertTrue((info.getMediaServers() == null || info.getMediaServers().isEmpty()) && info.getCluster() == null,
                    "administrators only: " + info);
            ParleyInfo full = adminInfo.api().getInfo();
            assertFalse(full.getMediaServers().isEmpty(), full.toString());
            assertTrue(full.getMediaServers().get(0).getUp(), full.toString());
            assertTrue(full.getProviders().containsKey("stt"), full.toString());
            assertTrue(full.getCluster().getMembers().contains(full.getCluster().getInstance()), full.toString());

            TokenAnswer token = tokens.api().issueToken(API_KEY, null);
            assertTrue(token.getToken().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), token.toString());
            assertTrue(token.getExpiresAt().toInstant().isAfter(Instant.now()) && token.getMaxSessionSeconds() > 0, token.toString());
            assertProblemThrown(401, "authentication-required", () -> tokens.api().issueToken("not-a-key", null));

            SessionList ended = sessions.api().listSessions("ended", STARTED.minusSeconds(3600).atOffset(ZoneOffset.ofHours(2)),
                    STARTED.plusSeconds(1800).atOffset(ZoneOffset.UTC), 0, 20);
            assertEquals(1L, ended.getTotal(), ended.toString());
            assertEquals(ENDED, ended.getSessions().get(0).getId());
            assertEquals(STARTED, ended.getSessions().get(0).getStartedAt().toInstant());
            assertProblemThrown(403, "forbidden", () -> viewer.api().listSessions(null, null, null, null, null));
            assertProblemThrown(400, "invalid-request", () -> sessions.api().listSessions(null, null, null, 0, 1000));

            SessionDetail call = sessions.api().getSession(callId);
            assertEquals("TERMINATED", call.getEndCause(), call.toString());
            assertFalse(call.getLive());
            assertTrue(call.getTurnCount() >= 2 && call.getRecorded(), call.toString());
            assertEquals("127.0.0.1", call.getClient().getAddress(), call.toString());
            assertTrue(call.getAudio().getAgentPacketsSent() > 100 && call.getAudio().getBrowserLeg().getPacketsReceived() > 100, call.toString());
            assertTrue(call.getLatency().getMeasuredTurns() >= 1 && call.getLatency().getResponseMedianMillis() > 0, call.toString());

            List<TurnView> turns = sessions.api().getTranscript(callId).getTurns();
            assertEquals(callTurns.size(), turns.size(), turns.toString());
            assertTrue(turns.stream().anyMatch(t -> SAID.equals(t.getAgentText()) && t.getUserText() == null), turns.toString());
            List<TurnMetricsView> metrics = sessions.api().getMetrics(callId).getTurns();
            assertTrue(metrics.get(0).getResponseLatencyMillis() > 0 && metrics.get(0).getEndpointingMillis() > 0, metrics.toString());

            File head = sessions.api().getRecording(callId, "bytes=0-3");
            try {
                assertArrayEquals(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, Files.readAllBytes(head.toPath()), "an EBML (WebM) header");
            } finally {
                Files.deleteIfExists(head.toPath());
            }
            assertProblemThrown(404, "no-recording", () -> sessions.api().getRecording(ENDED, null));

            assertProblemThrown(404, "session-ended", () -> sessions.api().say(callId, new SayRequest().text("hello")));
            assertProblemThrown(400, "invalid-request", () -> sessions.api().say(callId, new SayRequest()));
            assertProblemThrown(409, "session-not-live", () -> sessions.api().terminateSession(callId, new Termination()));
            assertProblemThrown(404, "unknown-session", () -> sessions.api().getSession("no-such-session"));

            // DELETE on a session of its own (the real call is deleted by a later test, with its recording file).
            String doomed = "it-" + UUID.randomUUID();
            try (StoredHistory db = new StoredHistory(payaraHome())) {
                db.session(doomed, "ENDED", STARTED.plusSeconds(20 * 3600), STARTED.plusSeconds(20 * 3600 + 60), "HANG_UP", "127.0.0.3",
                        "generated client");
            }
            assertEquals("generated client", sessions.api().getSession(doomed).getClient().getUserAgent());
            sessions.api().deleteSession(doomed);
            assertProblemThrown(404, "unknown-session", () -> sessions.api().getSession(doomed));
            assertProblemThrown(404, "unknown-session", () -> sessions.api().deleteSession(doomed));
        }
    }

    /** "METHOD /api/v1/path" to its "who" column, from the route table of docs/rest-api.md. */
    private static Map<String, String> documentedRoutes() throws java.io.IOException {
        Map<String, String> routes = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `(GET|POST|PUT|DELETE|PATCH) (/api/v1/[^`]*)` \\| ([^|]+) \\|")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "rest-api.md")));
        while (m.find()) {
            routes.put(m.group(1) + " " + m.group(2), m.group(3).strip());
        }
        return routes;
    }

    private static long sample(String exposition, String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + metric + "(\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(exposition);
        while (m.find()) {
            if (labels == null || (m.group(1) != null && m.group(1).contains(labels))) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + metric + (labels == null ? "" : " with " + labels) + " in /metrics?scope=application:\n" + exposition);
    }

    /** After the real call (order 3): the session metrics it fed, and readiness with the speech providers. */
    @Test
    @Order(8)
    void theRealCallFedTheApplicationMetricsAndTheProvidersAreReady() throws Exception {
        assertTrue(callId != null, "the real call ran (test order 3)");
        AdminHttp.Answer metrics = http.send("GET", URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/metrics?scope=application"),
                null, null, Map.of("Accept", "text/plain"), null);
        assertEquals(200, metrics.status(), metrics.body());
        String text = metrics.body();
        System.out.println("admin IT: parley metrics after the real call:\n" + text.lines().filter(l -> l.startsWith("parley_"))
                .collect(java.util.stream.Collectors.joining("\n")));
        assertTrue(sample(text, "parley_sessions_started_total", null) >= 1, text);
        assertTrue(sample(text, "parley_sessions_ended_total", "cause=\"terminated\"") >= 1, text);
        assertEquals(0, sample(text, "parley_sessions_active", null), "no call is live any more");
        assertTrue(sample(text, "parley_turns_total", null) >= 2, "the answer and the said text");
        assertTrue(sample(text, "parley_response_latency_seconds_count", null) >= 1, "the answer's latency was measured");
        sample(text, "parley_barge_in_reaction_seconds_count", null);
        sample(text, "parley_rtp_packets_lost_total", null);
        sample(text, "parley_rtp_packets_dropped_total", null);

        AdminHttp.Answer ready = http.send("GET", URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/health/ready"),
                null, null, Map.of(), null);
        assertEquals(200, ready.status(), ready.body());
        JsonObject providers = ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "parley-speech-providers".equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no parley-speech-providers check: " + ready.body()));
        assertEquals("UP", providers.getString("status"), providers.toString());
        assertEquals("silero", providers.getJsonObject("data").getString("vad"), providers.toString());
        assertEquals("retrieval", providers.getJsonObject("data").getString("llm"), providers.toString());
    }

    /** Retention on from the restart below (a day, checked every minute); {@link #retentionPrunesAnOldSessionWithItsRecording} removes it again. */
    @Test
    @Order(99)
    void retentionIsSwitchedOnForTheRestart() throws Exception {
        asadmin("create-system-properties", "parley.retention.days=1:parley.retention.interval-minutes=1");
    }

    private static void asadmin(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(payaraHome().resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        Process asadmin = new ProcessBuilder(command).inheritIO().start();
        try {
            assertTrue(asadmin.waitFor(120, TimeUnit.SECONDS), "asadmin " + String.join(" ", arguments) + " did not finish in 120 s");
        } finally {
            asadmin.destroyForcibly();
        }
        assertEquals(0, asadmin.exitValue(), "asadmin " + String.join(" ", arguments) + " failed");
    }

    @Test
    @Order(100)
    void historySurvivesARestartOfTheDomain() throws Exception {
        assertTrue(callId != null && callTurns != null, "the real call ran (test order 3)");
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
                after = asAdmin("GET", "api/v1/sessions/" + callId + "/transcript");
                if (after.status() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // the application is still starting
            }
            Thread.sleep(500);
        }
        assertEquals(200, after == null ? -1 : after.status(), after == null ? "no answer" : after.body());
        assertEquals(callTurns, after.json().getJsonArray("turns"), "the real call's transcript, unchanged");
        JsonObject detail = asAdmin("GET", "api/v1/sessions/" + callId).json();
        assertEquals("ended", detail.getString("state"));
        assertEquals("TERMINATED", detail.getString("endCause"));
        assertEquals(callTurns.size(), detail.getInt("turnCount"));
        assertEquals(200, asAdmin("GET", "api/v1/sessions/" + callId + "/recording").status(), "the recording is still served");
    }

    @Test
    @Order(101)
    void deletingTheEndedCallRemovesItsRowsAndRecordingFileAndNothingElse() throws Exception {
        assertTrue(callId != null, "the real call ran (test order 3)");
        seed();
        // The test domain records into the module's target/recordings (parley.recording.directory in the pom).
        Path file = Path.of("target", "recordings", "parley-" + callId + ".webm").toAbsolutePath();
        assertTrue(Files.isRegularFile(file), "the call's recording is on disk before the delete: " + file);
        JsonArray otherTurns = asAdmin("GET", "api/v1/sessions/" + ENDED + "/transcript").json().getJsonArray("turns");

        AdminHttp.Answer deleted = asAdmin("DELETE", "api/v1/sessions/" + callId);
        assertEquals(204, deleted.status(), deleted.body());
        System.out.println("admin IT: DELETE of the ended call answered " + deleted.status());
        for (String part : List.of("", "/transcript", "/metrics", "/recording")) {
            assertProblem(asAdmin("GET", "api/v1/sessions/" + callId + part), 404, "no session " + callId);
        }
        assertFalse(Files.exists(file), "the recording file is gone: " + file);
        assertFalse(Files.exists(Path.of(file + ".deleting")), "and not left aside");
        assertProblem(asAdmin("DELETE", "api/v1/sessions/" + callId), 404, "no session " + callId);
        assertEquals(otherTurns, asAdmin("GET", "api/v1/sessions/" + ENDED + "/transcript").json().getJsonArray("turns"),
                "another session is untouched");
        assertEquals(401, http.send("DELETE", app("api/v1/sessions/" + ENDED), null, null, Map.of(), null).status(),
                "no credentials, no delete");
        assertEquals(403, http.send("DELETE", app("api/v1/sessions/" + ENDED), VIEWER, VIEWER_PASSWORD, Map.of(), null).status(),
                "no admin role, no delete");
        assertEquals(200, asAdmin("GET", "api/v1/sessions/" + ENDED).status(), "refused deletes change nothing");
    }

    @Test
    @Order(102)
    void retentionPrunesAnOldSessionWithItsRecording() throws Exception {
        try {
            seed();
            String old = "it-old-" + UUID.randomUUID();
            Instant started = Instant.now().minus(Duration.ofDays(3));
            Path file = Files.writeString(Path.of("target", "recordings", "parley-" + old + ".webm").toAbsolutePath(), "old call");
            try (StoredHistory db = new StoredHistory(payaraHome())) {
                db.session(old, "ENDED", started, started.plusSeconds(60), "HANG_UP", "127.0.0.3", "IT old browser");
                db.turn(-Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) - 10, old, 1, "old", "call",
                        null, started.plusSeconds(10));
                db.recording(old, file.toUri().toString(), started);
            }
            assertEquals(200, asAdmin("GET", "api/v1/sessions/" + old).status(), "the old session is stored");
            // Retention runs every minute (the first a minute after the restart): give it two rounds and some.
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(150);
            int status = 200;
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                status = asAdmin("GET", "api/v1/sessions/" + old).status();
            }
            System.out.println("admin IT: retention pruned the 3-day-old session after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertProblem(asAdmin("GET", "api/v1/sessions/" + old + "/transcript"), 404, "no session " + old);
            assertFalse(Files.exists(file), "the old recording is gone: " + file);
            assertEquals(200, asAdmin("GET", "api/v1/sessions/" + ENDED).status(), "a session of 2030 or later is kept");
            assertEquals(200, asAdmin("GET", "api/v1/sessions/" + LIVE).status());
        } finally {
            asadmin("delete-system-property", "parley.retention.days");
            asadmin("delete-system-property", "parley.retention.interval-minutes");
        }
    }
}
