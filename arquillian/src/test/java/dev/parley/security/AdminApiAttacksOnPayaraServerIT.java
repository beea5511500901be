package dev.parley.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.SpokenWav;
import dev.parley.testing.HeadlessChromium;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API attacked as an outsider would, on the real EAR on Payara Server: every admin route
 * (list, get, transcript, metrics, recording, say, terminate, delete) through every path trick that
 * has fooled a path-matching check before ({@code ;x}, {@code ;/}, {@code %3B}, {@code //},
 * {@code /./}, {@code ..}, percent-encoded letters, case variants, a trailing slash, ...), with its
 * own method and with HEAD, OPTIONS and TRACE, without credentials, with a wrong password and as a
 * user without the admin role. Nothing may answer 2xx (no data, no action): each request is printed
 * with its status, and the live call the say/terminate/delete requests aimed at is checked to be
 * still live and untouched afterwards. Then: the test domain's users have PBKDF2-hashed passwords
 * (arquillian/pom.xml) and log in with them, and 20 wrong passwords in a row from one address are
 * throttled with 429 and Retry-After, which the domain's short throttle window lets expire (the
 * per-user count, which needs a second client address, is held by LoginThrottleTest).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiAttacksOnPayaraServerIT {

    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-it-password";
    private static final String VIEWER = "bob";
    private static final String VIEWER_PASSWORD = "bob-it-password";
    private static final String INTRUDER_TEXT = "intruder sentence " + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The test domain's parley.security.login.window-seconds (arquillian/pom.xml), and a margin. */
    private static final Duration THROTTLE_WINDOW = Duration.ofSeconds(30);

    /** A refusal: never data, never an action. 429 only once wrong passwords are being throttled. */
    private static final Set<Integer> REFUSED = Set.of(400, 401, 403, 404, 405);

    private record Route(String name, String method, String rest, String body) {
    }

    private record Caller(String name, String user, String password) {
    }

    private record Trick(String name, UnaryOperator<String> apply) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("list", "GET", "", null),
            new Route("get", "GET", "/{id}", null),
            new Route("transcript", "GET", "/{id}/transcript", null),
            new Route("metrics", "GET", "/{id}/metrics", null),
            new Route("recording", "GET", "/{id}/recording", null),
            new Route("say", "POST", "/{id}/say", "{\"text\":\"" + INTRUDER_TEXT + "\"}"),
            new Route("terminate", "POST", "/{id}/terminate", "{\"reason\":\"intruder\"}"),
            new Route("delete", "DELETE", "/{id}", null));

    /** Each turns the canonical path under the context root ({@code api/v1/sessions/...}) into a variant. */
    private static final List<Trick> TRICKS = List.of(
            new Trick("plain", p -> p),
            new Trick(";x on sessions", p -> p.replaceFirst("api/v1/sessions", "api/v1/sessions;x")),
            new Trick(";/ after v1", p -> p.replaceFirst("api/v1/", "api/v1;/")),
            new Trick(";x on every segment", p -> String.join(";x/", p.split("/")) + ";x"),
            new Trick(";jsessionid", p -> p.replaceFirst("api/v1/sessions", "api/v1/sessions;jsessionid=x")),
            new Trick("%3B", p -> p.replaceFirst("api/v1/sessions", "api/v1/sessions%3Bx")),
            new Trick("%3b after v1", p -> p.replaceFirst("api/v1/", "api/v1%3b/")),
            new Trick("// before sessions", p -> p.replaceFirst("api/v1/", "api/v1//")),
            new Trick("// before v1", p -> p.replaceFirst("api/", "api//")),
            new Trick("/./", p -> p.replaceFirst("api/v1/", "api/v1/./")),
            new Trick("..", p -> p.replaceFirst("api/v1/", "api/v1/x/../")),
            new Trick(".. from info", p -> p.replaceFirst("api/v1/", "api/v1/info/../")),
            new Trick("%2e%2e", p -> p.replaceFirst("api/v1/", "api/v1/x/%2e%2e/")),
            new Trick("%2F", p -> p.replaceFirst("api/v1/", "api/v1%2F")),
            new Trick("%5C", p -> p.replaceFirst("api/v1/", "api/v1%5C")),
            new Trick("encoded letter", p -> p.replaceFirst("api/v1/sessions", "api/v1/%73essions")),
            new Trick("encoded letters everywhere", p -> p.replaceFirst("api/v1/sessions", "%61pi/%761/%73%65ssions")),
            new Trick("Sessions", p -> p.replaceFirst("api/v1/sessions", "api/v1/Sessions")),
            new Trick("upper case", p -> p.replaceFirst("api/v1/sessions", "API/V1/SESSIONS")),
            new Trick("trailing slash", p -> p + "/"),
            new Trick("trailing ;", p -> p + ";"),
            new Trick("trailing /.", p -> p + "/."),
            new Trick("query ?", p -> p + "?x=1"));

    private static final List<String> EXTRA_METHODS = List.of("HEAD", "OPTIONS", "TRACE");

    private static HeadlessChromium call;
    private static Path microphone;
    private static String liveId;

    @ArquillianResource
    URL deployedAt;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    private record Answer(int status, String contentType, String retryAfter, String authenticate, String body) {
        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("expected JSON (HTTP " + status + ", " + contentType + "): " + body, e);
            }
        }
    }

    private Answer send(String method, String rawPath, String user, String password, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployedAt.getPort() + "/parley/" + rawPath))
                .timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("WWW-Authenticate").orElse(null), response.body());
    }

    /** A real call in headless Chromium on the demo page, kept live by a looping silent microphone. */
    private void openLiveCall() throws Exception {
        if (liveId != null) {
            return;
        }
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployedAt.getPort()
                        + "/parley/api/v1/tokens")).timeout(TIMEOUT).header("X-Parley-Api-Key", "it-portal-key")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, token.statusCode(), token.body());
        String widgetToken;
        try (JsonReader reader = Json.createReader(new StringReader(token.body()))) {
            widgetToken = reader.readObject().getString("token");
        }
        microphone = Files.createTempDirectory("parley-attacks-it-");
        call = HeadlessChromium.open("http://127.0.0.1:" + deployedAt.getPort() + "/parley/index.html?token=" + widgetToken,
                new SpokenWav(microphone).silence(120).write("silence.wav"), List.of());
        call.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                "the demo page defines <parley-agent>");
        call.evaluate("document.getElementById('agent').start()");
        call.await("!!document.getElementById('agent').sessionId", Duration.ofSeconds(90), "the call gets a session id");
        liveId = call.evaluate("document.getElementById('agent').sessionId").replace("\"", "");
        assertTrue(liveId.matches("[0-9a-f-]{36}"), liveId);
        assertTrue(isLive(), "the call is live before the attacks");
    }

    private boolean isLive() throws Exception {
        Answer detail = send("GET", "api/v1/sessions/" + liveId, ADMIN, ADMIN_PASSWORD, null);
        assertEquals(200, detail.status(), detail.body());
        return detail.json().getBoolean("live");
    }

    @AfterAll
    static void hangUp() throws Exception {
        if (call != null) {
            call.close();
        }
        if (microphone != null) {
            SpokenWav.deleteAll(microphone);
        }
    }

    @Test
    @Order(1)
    void noPathTrickMethodOrCredentialReachesTheAdminApi() throws Exception {
        openLiveCall();
        List<Caller> callers = List.of(new Caller("no credentials", null, null),
                new Caller("non-admin " + VIEWER, VIEWER, VIEWER_PASSWORD),
                // Last: once throttled, wrong passwords are answered 429, which says nothing either.
                new Caller("wrong password", ADMIN, "not-" + ADMIN_PASSWORD));
        List<String> failures = new ArrayList<>();
        int requests = 0;
        int grizzlyFailures = 0;
        long decoderFailuresBefore = decoderFailuresLogged();
        for (Caller caller : callers) {
            for (Route route : ROUTES) {
                String canonical = "api/v1/sessions" + route.rest().replace("{id}", liveId);
                for (Trick trick : TRICKS) {
                    String path = trick.apply().apply(canonical);
                    List<String> methods = new ArrayList<>(List.of(route.method()));
                    methods.addAll(EXTRA_METHODS);
                    for (String method : methods) {
                        Answer answer = send(method, path, caller.user(), caller.password(),
                                method.equals(route.method()) ? route.body() : null);
                        requests++;
                        boolean refused = REFUSED.contains(answer.status())
                                || answer.status() == 429 && caller.name().equals("wrong password");
                        boolean diedInGrizzly = !refused && isGrizzlyNormaliseFailure(answer, path);
                        String line = String.format(Locale.ROOT, "%-3d %-7s /parley/%s  [%s, %s, %s]%s", answer.status(), method, path,
                                route.name(), trick.name(), caller.name(), diedInGrizzly ? " (empty: failed in Grizzly's URI decoder)" : "");
                        System.out.println("admin attack: " + line);
                        if (diedInGrizzly) {
                            grizzlyFailures++;
                        } else if (!refused) {
                            failures.add(line + " -> " + abbreviate(answer.body()));
                        }
                    }
                }
            }
        }
        System.out.println("admin attack: " + requests + " requests, " + failures.size() + " not refused, " + grizzlyFailures
                + " empty answers of Grizzly's URI decoder failing on a trailing /.");
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests + " requests were not refused:\n  "
                + String.join("\n  ", failures));
        // Each such empty answer must be one of Payara's own logged failures, before any web module saw the request.
        long decoderFailures = decoderFailuresLogged() - decoderFailuresBefore;
        assertTrue(decoderFailures >= grizzlyFailures, grizzlyFailures + " empty 200s but only " + decoderFailures
                + " ArrayIndexOutOfBoundsExceptions reported by the container in server.log");

        // Nothing acted: the call is still live, was not made to say the intruder's text, and is still stored.
        awaitThrottleOver(); // the wrong passwords above throttled this address, the admin's checks included
        assertTrue(isLive(), "the call survived terminate and delete");
        Answer transcript = send("GET", "api/v1/sessions/" + liveId + "/transcript", ADMIN, ADMIN_PASSWORD, null);
        assertEquals(200, transcript.status(), transcript.body());
        assertFalse(transcript.body().contains(INTRUDER_TEXT), transcript.body());
        assertFalse(call.evaluate("document.getElementById('agent').shadowRoot.textContent").contains("intruder sentence"),
                "the page never showed the intruder's text");
    }

    /**
     * Payara 6.2025.9's Grizzly normalises a path ending in {@code /.} by writing one byte past the
     * end of the decoded URI; when that array is exactly full (the length depends on earlier requests
     * on the pooled buffers, so it comes and goes) it throws ArrayIndexOutOfBoundsException in
     * CoyoteAdapter.postParseRequest, before mapping, and the container answers an empty 200. No web
     * module, filter or resource ever sees such a request (TRACE, which Parley refuses everywhere,
     * gets the same empty 200), so it is counted apart: an empty body, neither JSON nor audio, a path
     * ending in {@code /.}, and one logged decoder failure each (checked against server.log).
     */
    private static boolean isGrizzlyNormaliseFailure(Answer answer, String path) {
        // Parley's own answers, HEAD included, always name a JSON or audio type.
        return answer.status() == 200 && answer.body().isEmpty() && path.endsWith("/.")
                && !answer.contentType().contains("json") && !answer.contentType().startsWith("audio/");
    }

    private static long decoderFailuresLogged() throws Exception {
        Path log = Path.of(System.getProperty("parley.payaraHome"), "glassfish", "domains", "domain1", "logs", "server.log");
        if (!Files.exists(log)) {
            return 0;
        }
        // Counted by the container's own report of each one: after the first, the JIT throws the
        // exception without a stack trace (OmitStackTraceInFastThrow), so the decoder's frame is
        // logged only once (CI saw 2 such answers and 1 logged frame).
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        long count = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("java.lang.ArrayIndexOutOfBoundsException")
                    && lines.get(i - 1).contains("An exception or error occurred in the container during the request processing")) {
                count++;
            }
        }
        return count;
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    @Test
    @Order(2)
    void hashedPasswordsLogInAndRefusalsAreProblems() throws Exception {
        awaitThrottleOver();
        Answer list = send("GET", "api/v1/sessions", ADMIN, ADMIN_PASSWORD, null);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.json().containsKey("sessions"), list.body());

        Answer anonymous = send("GET", "api/v1/sessions;x", null, null, null);
        assertProblem(anonymous, 401);
        assertTrue(anonymous.authenticate() != null && anonymous.authenticate().startsWith("Basic"), String.valueOf(anonymous));
        assertProblem(send("GET", "api/v1/sessions", ADMIN, "ada-it-passwore", null), 401);
        Answer forbidden = send("GET", "api/v1;/sessions", VIEWER, VIEWER_PASSWORD, null);
        assertProblem(forbidden, 403);
        assertTrue(forbidden.json().getString("detail").contains("admin role"), forbidden.body());
        assertProblem(send("GET", "api/v1/sessions", VIEWER, VIEWER_PASSWORD, null), 403);
        // The hash itself is not a password.
        assertProblem(send("GET", "api/v1/sessions", ADMIN, "PBKDF2WithHmacSHA256", null), 401);

        // What stays open without credentials.
        assertEquals(200, send("GET", "api/v1/info", null, null, null).status());
        assertEquals(200, send("GET", "index.html", null, null, null).status());
    }

    /** Chunked (no Content-Length): the limit is found while reading, and must still be a 413 problem, not a 500. */
    @Test
    @Order(3)
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("{\"text\":\"" + "x".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployedAt.getPort()
                        + "/parley/api/v1/sessions/" + UUID.randomUUID() + "/say")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println("chunked body of " + big.length + " bytes: HTTP " + response.statusCode() + " " + response.body());
        Answer answer = new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), null, null,
                response.body());
        assertProblem(answer, 413);
        assertTrue(answer.json().getString("detail").contains("max-request-body-bytes"), answer.body());
    }

    @Test
    @Order(4)
    void twentyWrongPasswordsInARowAreThrottledWith429() throws Exception {
        awaitThrottleOver();
        List<Integer> statuses = new ArrayList<>();
        Answer last = null;
        for (int i = 0; i < 20; i++) {
            // Different names each time: the address is throttled, not only a user.
            last = send("GET", "api/v1/sessions", "guess-" + i, "password-" + i, null);
            statuses.add(last.status());
        }
        System.out.println("login throttle: statuses of 20 wrong logins: " + statuses);
        assertEquals(401, statuses.get(0), statuses.toString());
        assertEquals(429, last.status(), statuses.toString());
        assertProblem(last, 429);
        long retryAfter = Long.parseLong(last.retryAfter());
        assertTrue(retryAfter >= 1 && retryAfter <= THROTTLE_WINDOW.toSeconds(), "Retry-After " + retryAfter);
        assertTrue(last.json().getString("detail").contains("Retry"), last.body());
        // While throttled even the right password is not tried from this address.
        assertEquals(429, send("GET", "api/v1/sessions", ADMIN, ADMIN_PASSWORD, null).status());

        // Leave no failure in the window: the next test class logs in from this address too.
        Thread.sleep(THROTTLE_WINDOW.plusSeconds(1).toMillis());
        assertEquals(200, send("GET", "api/v1/sessions", ADMIN, ADMIN_PASSWORD, null).status());
    }

    /** Waits (at most the window and a margin) until the admin's right password is accepted again. */
    private void awaitThrottleOver() throws Exception {
        long deadline = System.nanoTime() + THROTTLE_WINDOW.plusSeconds(10).toNanos();
        Answer last;
        do {
            last = send("GET", "api/v1/info", ADMIN, ADMIN_PASSWORD, null);
            if (last.status() != 429) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still throttled after " + THROTTLE_WINDOW.plusSeconds(10) + ": " + last);
    }

    private static void assertProblem(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType() + ": " + answer.body());
        assertEquals(status, answer.json().getInt("status"), answer.body());
    }
}
