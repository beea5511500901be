package dev.parley.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.it.JsonHttp;
import dev.parley.it.SignallingClient;
import dev.parley.testing.HeadlessChromium;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may use the signalling socket, on the real EAR on Payara Server (the test domain: not in
 * demo mode, no allowed-origins configured so only Parley's own pages, API key {@code it-portal-key},
 * token secret {@value #TOKEN_SECRET}; see arquillian/pom.xml) and the embedded media server;
 * the widget's side in headless Chromium on the demo page.
 */
@ExtendWith(ArquillianExtension.class)
class SignallingAccessOnPayaraServerIT {

    /** The test domain's parley.security.token-secret: lets the test mint tokens the server did not issue. */
    static final String TOKEN_SECRET = "integration-test-secret-of-40-characters";
    private static final int POLICY_VIOLATION = 1008;
    /** Longer than the widget's reconnect delays together (0.5 + 1.5 + 4 s). */
    private static final long RECONNECT_DELAYS_MILLIS = 7000;

    /**
     * An audio offer shaped like a browser's (ICE credentials, DTLS fingerprint, opus): the media
     * server answers it; no media ever flows, which the quota test does not need.
     */
    private static final String AUDIO_OFFER = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=msid-semantic: WMS parley-it",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Pq7x",
            "a=ice-pwd:a7S1c2fO9bXq3xL0m8d4k6Zr",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
            "a=setup:actpass",
            "a=mid:0",
            "a=sendrecv",
            "a=msid:parley-it track-1",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=ssrc:1001 cname:parley-it",
            "");

    @ArquillianResource
    URL deployedAt;

    private final JsonHttp http = new JsonHttp();

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    @Test
    void withoutATokenTheSocketIsRefusedAndClosed() throws Exception {
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(null))) {
            assertRefusal(socket, "token-required", "POST /api/v1/tokens");
        }
    }

    @Test
    void aTokenWhoseSignatureWasChangedIsRefused() throws Exception {
        String forged = forged(freshToken());
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(forged))) {
            JsonObject error = assertRefusal(socket, "token-refused", "signature");
            assertFalse(error.getString("message").contains(forged), "the token is never echoed: " + error);
        }
    }

    @Test
    void anExpiredTokenIsRefusedWithACodeThePortalCanActOn() throws Exception {
        String expired = mint(UUID.randomUUID().toString().replace("-", ""), Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5));
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(expired))) {
            assertRefusal(socket, "token-expired", "expired");
        }
        String garbage = "e2e-" + UUID.randomUUID();
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(garbage))) {
            assertRefusal(socket, "token-refused", "malformed");
        }
    }

    @Test
    void aForeignOriginIsRefusedEvenWithAValidTokenAndSoIsNone() throws Exception {
        try (SignallingClient socket = SignallingClient.from("http://evil.example", socketUri(freshToken()))) {
            JsonObject error = assertRefusal(socket, "origin-refused", "http://evil.example");
            assertTrue(error.getString("message").contains("parley.security.allowed-origins"), error.toString());
        }
        try (SignallingClient socket = new SignallingClient(socketUri(freshToken()), Map.of())) {
            assertRefusal(socket, "origin-refused", "no Origin");
        }
    }

    @Test
    void aValidTokenFromThePagesOwnOriginGetsReady() throws Exception {
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(freshToken()))) {
            JsonObject ready = socket.exchange("{\"type\":\"hello\",\"version\":1}");
            assertEquals("ready", ready.getString("type"), ready.toString());
            assertEquals(1, ready.getInt("version"));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    void aTokenHoldsAtMostTwoLiveSessions() throws Exception {
        String token = freshToken();
        String start = "{\"type\":\"start\",\"version\":1,\"language\":\"en-US\",\"sdpOffer\":" + jsonString(AUDIO_OFFER) + "}";
        List<SignallingClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                sockets.add(SignallingClient.from(pageOrigin(), socketUri(token)));
            }
            for (int i = 0; i < 2; i++) {
                sockets.get(i).send(start);
                JsonObject answer = answerOrError(sockets.get(i));
                assertEquals("answer", answer.getString("type"), answer.toString());
                assertTrue(answer.getString("sdpAnswer").startsWith("v=0"), answer.toString());
            }
            JsonObject refused = sockets.get(2).exchange(start);
            assertEquals("too-many-sessions", refused.getString("code"), refused.toString());
            assertTrue(sockets.get(2).isOpen(), "a refused start leaves the connection open");

            JsonObject german = sockets.get(2).exchange(start.replace("en-US", "de-DE"));
            assertEquals("unsupported-language", german.getString("code"), german.toString());
            assertTrue(german.getString("message").contains("supported: en"), german.toString());

            sockets.get(0).send("{\"type\":\"stop\"}");
            assertEquals("hang-up", sockets.get(0).next("ended").getString("reason"));
            sockets.get(2).send(start);
            assertEquals("answer", answerOrError(sockets.get(2)).getString("type"), "the freed slot can be used");
        } finally {
            for (SignallingClient socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aFloodIsCutToTheRateReportedOnceAndTheSocketStillAnswers() throws Exception {
        try (SignallingClient socket = SignallingClient.from(pageOrigin(), socketUri(freshToken()))) {
            int sent = 600; // the domain's default parley.limits.max-messages-per-second is 50
            for (int i = 0; i < sent; i++) {
                socket.send("{\"type\":\"ping\",\"id\":\"flood-" + i + "\"}");
            }
            int pongs = 0;
            int rateLimited = 0;
            for (JsonObject m = socket.poll(5000); m != null; m = socket.poll(3000)) {
                if ("pong".equals(m.getString("type"))) {
                    pongs++;
                } else if ("rate-limited".equals(m.getString("code", ""))) {
                    rateLimited++;
                    assertTrue(m.getString("message").contains("parley.limits.max-messages-per-second"), m.toString());
                }
            }
            System.out.printf("rate limit: %d pings sent at once, %d answered, %d rate-limited errors%n", sent, pongs, rateLimited);
            assertTrue(rateLimited >= 1, "at least one rate-limited error; " + pongs + " of " + sent + " pings answered");
            assertTrue(pongs < sent, pongs + " of " + sent + " pings answered");

            JsonObject pong = socket.exchange("{\"type\":\"ping\",\"id\":\"after-the-flood\"}");
            assertEquals("pong", pong.getString("type"), pong.toString());
            assertEquals("after-the-flood", pong.getString("id"));
        }
    }

    /**
     * Two connections at once with different handshakes: each one's Origin, User-Agent and
     * forwarding header reach its own connection only (Jakarta WebSocket 2.1's per-connection
     * copy of the endpoint configuration, as Payara's Tyrus implements it), and the peer address
     * is read from Tyrus. Observed in the server log, where every accepted connection is logged.
     */
    @Test
    void eachConnectionSeesItsOwnHandshake() throws Exception {
        String run = UUID.randomUUID().toString();
        String agentA = "parley-it-A-" + run;
        String agentB = "parley-it-B-" + run;
        String localhostPage = "http://localhost:" + port();
        try (SignallingClient a = new SignallingClient(socketUri(freshToken()),
                     Map.of("Origin", pageOrigin(), "User-Agent", agentA, "X-Forwarded-For", "203.0.113.7"));
             SignallingClient b = new SignallingClient(URI.create(socketUri(freshToken()).toString().replace("127.0.0.1", "localhost")),
                     Map.of("Origin", localhostPage, "User-Agent", agentB))) {
            assertEquals("ready", a.exchange("{\"type\":\"hello\"}").getString("type"));
            assertEquals("ready", b.exchange("{\"type\":\"hello\"}").getString("type"));

            String lineA = serverLogLine(agentA);
            String lineB = serverLogLine(agentB);
            assertTrue(lineA.contains("origin=" + pageOrigin() + " "), lineA);
            assertTrue(lineA.contains("address=127.0.0.1 for 203.0.113.7 "), lineA);
            assertTrue(lineB.contains("origin=" + localhostPage + " "), lineB);
            assertFalse(lineB.contains("203.0.113.7"), "b sent no X-Forwarded-For: " + lineB);
            assertFalse(lineB.contains("address=null"), "the peer address is read from Tyrus: " + lineB);
        }
    }

    /** The widget on the demo page, in headless Chromium: a refused token is shown and never retried. */
    @Test
    void theWidgetShowsARefusedTokenAndDoesNotReconnect() throws Exception {
        String forged = forged(freshToken());
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage(forged), silentMicrophone(), List.of())) {
            startRecordedCall(browser, null);
            browser.await("window.__refusal.some(e => e.name === 'parley:ended')", JsonHttp.TIMEOUT, "the call ends");
            Thread.sleep(RECONNECT_DELAYS_MILLIS); // a widget that reconnected would have done so by now

            String events = browser.evaluate("window.__refusal");
            assertEquals(1, count(browser, "e.name === 'parley:error'"), events);
            assertEquals(1, count(browser, "e.name === 'parley:error' && e.detail.code === 'token-refused'"), events);
            assertEquals(0, count(browser, "e.name === 'parley:state' && e.detail.state === 'reconnecting'"), events);
            assertEquals(1, count(browser, "e.name === 'parley:ended' && e.detail.reason === 'token-refused'"), events);
            String shown = browser.evaluate("document.getElementById('agent').shadowRoot.querySelector('.error').textContent");
            assertTrue(shown.contains("access token"), "a sentence for the person: " + shown);
            assertEquals("\"ended\"", browser.evaluate("document.getElementById('agent').state"));
        }
    }

    /**
     * A token expires while its call runs (fine: it was checked when the call connected); then the
     * network drops and the widget's reconnect presents the expired token: it reports
     * {@code token-expired} (flagged as happening while reconnecting, so the host page can fetch a
     * fresh token) and stops.
     */
    @Test
    void theWidgetReportsATokenThatExpiredBeforeItsReconnectAndStops() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage(null), silentMicrophone(), List.of())) {
            // Minted once the page is up, so that it is surely valid when the call connects; short, so
            // that it expires before the silent call's idle timeout (2 x 45 s in the test domain) ends the call by itself.
            Instant expiry = Instant.now().plusSeconds(15);
            String token = mint(UUID.randomUUID().toString().replace("-", ""), expiry, Duration.ofMinutes(5));
            startRecordedCall(browser, token);
            browser.await("document.getElementById('agent').state === 'listening'", Duration.ofSeconds(40), "the call connects");
            long wait = Duration.between(Instant.now(), expiry).toMillis() + 1500;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            assertEquals("true", browser.evaluate("!!document.getElementById('agent')._ws"),
                    "the call still runs after its token expired: " + browser.evaluate("window.__refusal"));
            browser.evaluate("document.getElementById('agent')._ws.close()"); // the connection drops

            browser.await("window.__refusal.some(e => e.name === 'parley:ended')", JsonHttp.TIMEOUT, "the call ends");
            Thread.sleep(RECONNECT_DELAYS_MILLIS);
            String events = browser.evaluate("window.__refusal");
            assertEquals(1, count(browser, "e.name === 'parley:error'"), events);
            assertEquals(1, count(browser, "e.name === 'parley:error' && e.detail.code === 'token-expired' && e.detail.reconnecting === true"),
                    events);
            assertEquals(1, count(browser, "e.name === 'parley:state' && e.detail.state === 'reconnecting'"), "one attempt only: " + events);
            assertEquals(1, count(browser, "e.name === 'parley:ended' && e.detail.reason === 'token-expired'"), events);
        }
    }

    /** Records the widget's events in window.__refusal, sets {@code token} (unless null) and presses Talk. */
    private static void startRecordedCall(HeadlessChromium browser, String token) throws Exception {
        browser.await("customElements.get('parley-agent') && document.getElementById('agent')", JsonHttp.TIMEOUT, "the demo page loads");
        browser.evaluate("(() => { window.__refusal = []; const agent = document.getElementById('agent');"
                + " ['parley:error', 'parley:state', 'parley:ended'].forEach(name => agent.addEventListener(name,"
                + " e => window.__refusal.push({name: name, detail: e.detail}))); return true; })()");
        if (token != null) {
            browser.evaluate("document.getElementById('agent').setAttribute('token', " + HeadlessChromium.js(token) + ")");
        }
        browser.evaluate("document.getElementById('agent').start()");
    }

    private static long count(HeadlessChromium browser, String predicate) throws Exception {
        return Long.parseLong(browser.evaluate("window.__refusal.filter(e => " + predicate + ").length"));
    }

    private String demoPage(String token) {
        return "http://127.0.0.1:" + port() + "/parley/?echo-cancellation=off"
                + (token == null ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** Two seconds of silence as the fake microphone: these calls need a microphone, not speech. */
    private static Path silentMicrophone() throws Exception {
        int rate = 16_000;
        int dataBytes = rate * 2 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        Path file = Files.createTempFile("parley-silence-", ".wav");
        Files.write(file, wav.array());
        file.toFile().deleteOnExit();
        return file;
    }

    /** The signature's first character changed, so its first byte differs (the last may carry only padding bits). */
    private static String forged(String token) {
        int at = token.indexOf('.') + 1;
        return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    /** The answer to a start, or its error; trickled candidates may come first. */
    private static JsonObject answerOrError(SignallingClient socket) throws Exception {
        while (true) {
            JsonObject message = socket.next();
            if (message.getString("type").equals("answer") || message.getString("type").equals("error")) {
                return message;
            }
        }
    }

    private static JsonObject assertRefusal(SignallingClient socket, String code, String messagePart) throws Exception {
        JsonObject error = socket.next();
        assertEquals("error", error.getString("type"), error.toString());
        assertEquals(code, error.getString("code"), error.toString());
        assertTrue(error.getString("message").contains(messagePart), error.toString());
        assertEquals(POLICY_VIOLATION, socket.awaitClose(), "closed as a policy violation");
        return error;
    }

    /** The server.log line that logged the connection whose User-Agent is {@code agent}. */
    private static String serverLogLine(String agent) throws Exception {
        Path log = Path.of(System.getProperty("parley.payaraHome"), "glassfish", "domains", "domain1", "logs", "server.log");
        long end = System.nanoTime() + JsonHttp.TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains("user-agent=" + agent + " ")) {
                        return line;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line for user agent " + agent + " in " + log);
    }

    private String freshToken() throws Exception {
        return http.widgetToken(URI.create("http://127.0.0.1:" + port() + "/parley/api/v1/tokens"), JsonHttp.IT_API_KEY);
    }

    /** A token in WidgetTokens' format: base64url("v1|id|expiry|max session seconds") "." base64url(HMAC-SHA256). */
    private static String mint(String id, Instant expiresAt, Duration maxSession) throws Exception {
        byte[] payload = String.join("|", "v1", id, Long.toString(expiresAt.getEpochSecond()), Long.toString(maxSession.toSeconds()))
                .getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(mac.doFinal(payload));
    }

    private String pageOrigin() {
        return "http://127.0.0.1:" + port();
    }

    private URI socketUri(String token) {
        return URI.create("ws://127.0.0.1:" + port() + "/parley/ws/session"
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    private int port() {
        return deployedAt.getPort() == -1 ? 80 : deployedAt.getPort();
    }

    private static String jsonString(String text) {
        return jakarta.json.Json.createValue(text).toString();
    }
}
