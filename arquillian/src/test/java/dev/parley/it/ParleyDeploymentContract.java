package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * What every deployment of Parley must answer, whatever it runs on. Subclasses deploy the EAR on
 * Payara Server or the micro WAR on Payara Micro.
 */
abstract class ParleyDeploymentContract {

    private static final Pattern INFO_REQUESTS = Pattern.compile(
            "^parley_info_requests_total\\{[^}]*mp_scope=\"application\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    /** The web module's URL as the adapter reports it, e.g. http://host:8080/parley/. */
    @ArquillianResource
    URL deployedAt;

    private final JsonHttp http = new JsonHttp();

    /**
     * The URL rewritten to 127.0.0.1: Payara reports the machine's first non-loopback address,
     * while the tests may only talk to loopback.
     */
    URI app(String path) {
        return URI.create("http://127.0.0.1:" + port() + "/parley/" + path);
    }

    URI server(String path) {
        return URI.create("http://127.0.0.1:" + port() + "/" + path);
    }

    private int port() {
        return deployedAt.getPort() == -1 ? 80 : deployedAt.getPort();
    }

    /** The Origin of Parley's own pages (the demo page): allowed by default. */
    String pageOrigin() {
        return "http://127.0.0.1:" + port();
    }

    /** The widget token the signalling tests present: a real one, or null where the deployment runs in demo mode. */
    abstract String widgetToken() throws Exception;

    /** A socket as the demo page opens it: its own Origin, and the deployment's kind of token. */
    SignallingClient signallingSocket() throws Exception {
        return SignallingClient.from(pageOrigin(), signalling(widgetToken()));
    }

    URI signalling(String token) {
        return URI.create("ws://127.0.0.1:" + port() + "/parley/ws/session"
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    JsonHttp http() {
        return http;
    }

    @Test
    void infoNamesVersionMediaServerStateAndProvidersButNotWhereTheMediaServerIs() throws Exception {
        assertEquals(200, http.get(server("health/ready")).status(), "readiness connects the media server");
        JsonHttp.Answer answer = http.get(app("api/v1/info"));

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonObject info = answer.json();
        assertEquals("Parley", info.getString("name"));
        assertEquals(System.getProperty("parley.expectedVersion"), info.getString("version"));
        assertEquals("connected", info.getString("mediaServer"), answer.body());
        assertFalse(info.containsKey("mediaServerUrl"), answer.body());
        // the admin view's parts: the pool's addresses and the cluster's instance ids are not for anyone
        assertFalse(info.containsKey("mediaServers"), answer.body());
        assertFalse(info.containsKey("cluster"), answer.body());
        assertFalse(answer.body().contains("8888") || answer.body().contains("ws://"), "anonymous info names no media server address: "
                + answer.body());
        assertEquals(Map.of("vad", "silero", "stt", "vosk+moonshine", "llm", "retrieval", "tts", "flite"),
                strings(info.getJsonObject("providers")));
    }

    @Test
    void unknownRestPathAnswersJsonProblemNotHtml() throws Exception {
        JsonHttp.Answer answer = http.get(app("api/v1/no-such-thing"));

        assertEquals(404, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.contentType());
        JsonObject problem = answer.json();
        assertEquals(404, problem.getInt("status"));
        assertEquals("Not Found", problem.getString("title"));
        assertEquals("/parley/api/v1/no-such-thing", problem.getString("instance"));
        assertEquals("No resource at /parley/api/v1/no-such-thing", problem.getString("detail"));
    }

    @Test
    void readinessIsUpBecauseTheConfigurationIsValid() throws Exception {
        JsonHttp.Answer answer = http.get(server("health/ready"));

        assertEquals(200, answer.status(), answer.body());
        JsonObject health = answer.json();
        assertEquals("UP", health.getString("status"), answer.body());
        JsonObject check = health.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("parley-configuration"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no parley-configuration check in " + answer.body()));
        assertEquals("UP", check.getString("status"));
        assertEquals("ws://127.0.0.1:8888/kurento", check.getJsonObject("data").getString("mediaServerUrl"));
    }

    @Test
    void everyInfoRequestIsCounted() throws Exception {
        double before = infoRequestsCounted();
        http.get(app("api/v1/info"));
        http.get(app("api/v1/info"));

        assertEquals(before + 2, infoRequestsCounted());
    }

    @Test
    void signallingSocketAnswersPingWithPong() throws Exception {
        try (SignallingClient socket = signallingSocket()) {
            JsonObject pong = socket.exchange("{\"type\":\"ping\",\"id\":\"first\"}");

            assertEquals("pong", pong.getString("type"), pong.toString());
            assertEquals("first", pong.getString("id"));
            assertTrue(pong.getJsonNumber("serverTimeMillis").longValue() > 0, pong.toString());
        }
    }

    @Test
    void malformedMessagesGetJsonErrorsAndTheSocketStaysUsable() throws Exception {
        try (SignallingClient socket = signallingSocket()) {
            JsonObject notJson = socket.exchange("hello{");
            assertEquals("error", notJson.getString("type"), notJson.toString());
            assertEquals("malformed-message", notJson.getString("code"));
            assertTrue(notJson.getString("message").startsWith("not a signalling message"), notJson.toString());

            JsonObject unknownType = socket.exchange("{\"type\":\"dance\"}");
            assertEquals("malformed-message", unknownType.getString("code"), unknownType.toString());
            assertTrue(unknownType.getString("message").contains("dance"), unknownType.toString());

            JsonObject pong = socket.exchange("{\"type\":\"ping\",\"id\":\"after-errors\"}");
            assertEquals("pong", pong.getString("type"), pong.toString());
            assertEquals("after-errors", pong.getString("id"));
            assertTrue(socket.isOpen());
        }
    }

    /**
     * docs/signalling.md: a message above the container's 4 MiB limit, in frames that fit Tyrus's
     * 4 MiB input buffer (the JDK client splits it so), closes the socket with 1009. One single
     * frame above that buffer is still closed by Tyrus with 1011 (issue 12, not fixed: Tyrus decides
     * it in its read handler and calls no endpoint method before its close frame is sent).
     */
    @Test
    void aTenMegabyteMessageClosesTheSocketWith1009() throws Exception {
        try (SignallingClient socket = signallingSocket()) {
            String huge = "{\"type\":\"ping\",\"id\":\"" + "x".repeat(10_000_000) + "\"}";
            try {
                socket.send(huge);
            } catch (java.util.concurrent.ExecutionException e) {
                // the server may close before the last byte went out; the close code says why
            }
            assertEquals(1009, socket.awaitClose(), "the close code for a message too big");
        }
        try (SignallingClient socket = signallingSocket()) {
            assertEquals("pong", socket.exchange("{\"type\":\"ping\",\"id\":\"after\"}").getString("type"), "others still served");
        }
    }

    private double infoRequestsCounted() throws Exception {
        JsonHttp.Answer metrics = http.get(server("metrics?scope=application"));
        assertEquals(200, metrics.status(), metrics.body());
        Matcher counter = INFO_REQUESTS.matcher(metrics.body());
        if (!counter.find()) {
            throw new AssertionError("no parley_info_requests_total in /metrics?scope=application:\n" + metrics.body());
        }
        return Double.parseDouble(counter.group(1));
    }

    private static Map<String, String> strings(JsonObject object) {
        return object.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> ((JsonString) e.getValue()).getString()));
    }
}
