package dev.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PortalBackend;
import dev.parley.testing.HeadlessChromium;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
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
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Parley instances (Payara Micro, the micro WAR, clustered over Payara's Hazelcast on
 * 127.0.0.1) sharing one H2 database (its AUTO_SERVER mode) and a pool of two media servers, with
 * callers in headless Chromium: what an admin of the cluster sees and does whichever instance they
 * ask. Plain JUnit with real processes, as an operator would start them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParleyClusterOnPayaraMicroIT {

    private static final Pattern INSTANCE_ID = Pattern.compile("cluster: instance ([0-9a-f-]{36}), one of");
    private static final Pattern MICRO_READY = Pattern.compile("Payara Micro .* ready in");
    private static final Duration START = Duration.ofMinutes(5);
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("ada:ada-it-password".getBytes(StandardCharsets.UTF_8));
    /** ./parley hash-password of ada-it-password (as in the Payara Server test domain). */
    private static final String ADA_HASH = "PBKDF2WithHmacSHA256:210000:GNuDmWtOVJZQwlvCZOiPwevqDAhTMh0DfavPHQNOfYo:YvmBGFO57iFDvocJNyx55lQx7zluOMHfs0uEnN9gF6Y";
    private static final String API_KEY = "cluster-it-portal-key";

    private static Path work;
    private static Path silence;
    private static final List<ClusterProcess> processes = new ArrayList<>();
    private static ClusterProcess mediaServer1;
    private static String mediaServer1Url;
    private static String mediaServer2Url;
    private static Instance a;
    private static Instance b;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One Parley instance: its process, where it answers, its id in the cluster. */
    record Instance(ClusterProcess process, URI base, String id) {
        URI demoPage() {
            return base.resolve("/parley/index.html");
        }

        URI api(String path) {
            return base.resolve("/parley/api/v1/" + path);
        }
    }

    @BeforeAll
    static void startTheCluster() throws Exception {
        work = Files.createTempDirectory("parley-cluster-it");
        silence = work.resolve("silence.wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", silence.toString(), "trim", "0", "60");
        int port1 = ClusterProcess.freePort();
        int port2 = ClusterProcess.freePort();
        mediaServer1 = mediaServer("media-server-1", port1);
        mediaServer(("media-server-2"), port2);
        mediaServer1Url = "ws://127.0.0.1:" + port1 + "/kurento";
        mediaServer2Url = "ws://127.0.0.1:" + port2 + "/kurento";
        int hazelcastPort = ClusterProcess.freePort();
        Path postBoot = work.resolve("post-boot.asadmin");
        Files.writeString(postBoot, "set resources.jdbc-connection-pool.H2Pool.property.URL=jdbc:h2:" + work.resolve("db/parley")
                + ";AUTO_SERVER=TRUE\n");
        // One after the other: the second joins the first's data grid port (tcpip discovery).
        a = micro("a", hazelcastPort, postBoot);
        b = micro("b", hazelcastPort, postBoot);
        b.process().awaitLog(Pattern.compile("cluster: instance .*, one of 2 in Payara's data grid"), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        for (ClusterProcess process : processes) {
            process.close();
        }
    }

    @Test
    @Order(1)
    void aCallThroughBIsLiveInAsAdminApiAndAsSayAndTerminateReachIt() throws Exception {
        JsonObject cluster = get(a, "info").getJsonObject("cluster");
        assertEquals(a.id(), cluster.getString("instance"), cluster.toString());
        assertTrue(cluster.getBoolean("clustered"), cluster.toString());
        assertEquals(java.util.Set.of(a.id(), b.id()), java.util.Set.copyOf(cluster.getJsonArray("members").getValuesAs(
                jakarta.json.JsonString::getString)), "the admin view of info lists both instances");
        try (HeadlessChromium caller = call(b.demoPage().toString())) {
            JsonObject session = theOnlyLiveSessionSeenBy(a);
            String id = session.getString("id");
            JsonObject detail = get(a, "sessions/" + id);
            assertTrue(detail.getBoolean("live"), detail.toString());
            assertEquals(b.id(), detail.getString("instance"), "owned by B: " + detail);
            assertEquals(detail, get(b, "sessions/" + id), "both instances tell the same");

            assertEquals(202, post(a, "sessions/" + id + "/say", "{\"text\":\"Hello from the other instance of the cluster.\"}").statusCode());
            caller.await("window.__parleyE2e.events.some(e => e.name === 'transcript' && e.detail.speaker === 'agent' && !e.detail.partial"
                    + " && e.detail.text.includes('other instance'))", Duration.ofSeconds(30), "the caller is told the sentence");
            caller.await("window.__parleyE2e.levels.some(l => l[1] > -45)", Duration.ofSeconds(20), "the caller hears the sentence");

            assertEquals(202, post(a, "sessions/" + id + "/terminate", "{\"reason\":\"closing time\"}").statusCode());
            caller.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(20), "the call ends");
            PageRecording page = PageRecording.parse(caller.evaluate(PageRecording.READ));
            JsonObject ended = page.named("ended").get(0).detail();
            assertEquals("terminated", ended.getString("reason"), ended.toString());
            await(() -> "ended".equals(getQuietly(a, "sessions/" + id).getString("state")), Duration.ofSeconds(20), "ended in the history");
            assertEquals("TERMINATED", get(a, "sessions/" + id).getString("endCause"));
            assertEquals(409, post(a, "sessions/" + id + "/terminate", "{}").statusCode(), "no longer live anywhere");
        }
    }

    @Test
    @Order(2)
    @SuppressWarnings("try") // a browser in a try block holds its call open for the block, unreferenced
    void aTokenLimitedToOneSessionCannotOpenASecondOneOnTheOtherInstanceAndItsZoneChoosesTheMediaServer() throws Exception {
        // without the token's zone the call would go to media server 1: no sessions anywhere, and ties go to the first listed
        String token = new PortalBackend(a.demoPage(), API_KEY).widgetToken("US");
        try (HeadlessChromium first = call(PortalBackend.page(a.demoPage(), token, ""))) {
            assertEquals(mediaServer2Url, get(a, "sessions/" + liveSessions(a).get(0).getString("id")).getString("mediaServer"), "the token's zone, us, is media server 2's");
            try (HeadlessChromium second = open(PortalBackend.page(b.demoPage(), token, ""))) {
                second.evaluate("document.getElementById('agent').start()");
                second.await("window.__parleyE2e.events.some(e => e.name === 'error')", Duration.ofSeconds(60), "B refuses the token's second call");
                JsonObject error = PageRecording.parse(second.evaluate(PageRecording.READ)).named("error").get(0).detail();
                assertEquals("too-many-sessions", error.getString("code"), error.toString());
            }
            first.evaluate("document.getElementById('agent').stop()");
            first.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(20), "the first call hangs up");
        }
        await(() -> liveSessionsQuietly(a).isEmpty(), Duration.ofSeconds(20), "no live session left");
        try (HeadlessChromium again = call(PortalBackend.page(b.demoPage(), token, ""))) {
            assertEquals(1, liveSessions(a).size(), "once the first call ended, the token's call on B is let in");
            assertEquals(mediaServer2Url, get(a, "sessions/" + liveSessions(a).get(0).getString("id")).getString("mediaServer"), "B honours the token's zone too");
        }
    }

    @Test
    @Order(3)
    @SuppressWarnings("try") // a browser in a try block holds its call open for the block, unreferenced
    void withOneMediaServerKilledItsCallsEndAsMediaServerLostAndNewCallsOnBothInstancesUseTheOther() throws Exception {
        await(() -> liveSessionsQuietly(a).isEmpty(), Duration.ofSeconds(20), "no live session left");
        try (HeadlessChromium onA = call(a.demoPage().toString()); HeadlessChromium onB = call(b.demoPage().toString())) {
            for (JsonObject session : liveSessions(a)) {
                assertEquals(mediaServer1Url, get(a, "sessions/" + session.getString("id")).getString("mediaServer"),
                        "each instance places its first call on the first server of its list");
            }
            long killedAt = System.nanoTime();
            mediaServer1.kill();
            for (HeadlessChromium caller : List.of(onA, onB)) {
                caller.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(30), "the call on the dead server ends");
                JsonObject ended = PageRecording.parse(caller.evaluate(PageRecording.READ)).named("ended").get(0).detail();
                assertEquals("media-server-lost", ended.getString("reason"), ended.toString());
            }
            System.out.println("calls on the killed media server ended after " + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
        }
        try (HeadlessChromium onA = call(a.demoPage().toString()); HeadlessChromium onB = call(b.demoPage().toString())) {
            List<JsonObject> live = liveSessions(a);
            assertEquals(2, live.size(), live.toString());
            for (JsonObject session : live) {
                assertEquals(mediaServer2Url, get(a, "sessions/" + session.getString("id")).getString("mediaServer"));
            }
        }
    }

    @Test
    @Order(4)
    @SuppressWarnings("try") // a browser in a try block holds its call open for the block, unreferenced
    void killingBEndsItsSessionsInTheHistoryAndLeavesNoGhostInAsLiveList() throws Exception {
        await(() -> liveSessionsQuietly(a).isEmpty(), Duration.ofSeconds(20), "no live session left");
        String id;
        try (HeadlessChromium caller = call(b.demoPage().toString())) {
            id = theOnlyLiveSessionSeenBy(a).getString("id");
            long killedAt = System.nanoTime();
            b.process().kill();
            await(() -> "ended".equals(getQuietly(a, "sessions/" + id).getString("state")), Duration.ofSeconds(60),
                    "A marks B's session ended");
            System.out.println("the session of the killed instance was ended in the history after "
                    + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
        }
        JsonObject detail = get(a, "sessions/" + id);
        assertEquals("INSTANCE_LOST", detail.getString("endCause"), detail.toString());
        assertTrue(detail.getString("endDetail").contains("left the cluster"), detail.toString());
        assertTrue(liveSessions(a).isEmpty(), "no ghost in A's live list");
        assertEquals(404, post(a, "sessions/" + id + "/say", "{\"text\":\"anyone there?\"}").statusCode());
    }

    @Test
    @Order(5)
    void aMediaServerStartedAfterPayaraIsUsedWithinAFewSecondsWhileReadinessIsPolled() throws Exception {
        // Payara runs health checks on threads of its default web module: a connection attempt made
        // from the readiness check got a managed thread that died before it ran ("Module
        // __default-web-module is disabled"), and held the connection's lock for its timeout. A media
        // server started after Payara stayed unused while readiness was polled (seen: 245 s).
        int mediaPort = ClusterProcess.freePort();
        int httpPort = ClusterProcess.freePort();
        Path postBoot = work.resolve("post-boot-c.asadmin");
        Files.writeString(postBoot, "set resources.jdbc-connection-pool.H2Pool.property.URL=jdbc:h2:" + work.resolve("db-c/parley")
                + ";AUTO_SERVER=TRUE\n");
        ClusterProcess c = ClusterProcess.start("Payara Micro c", List.of(java(), "-Dparley.security.demo-mode=true",
                "-Dh2.bindAddress=127.0.0.1", "-Dparley.preload.enabled=false",
                "-Dparley.media-server.url=ws://127.0.0.1:" + mediaPort + "/kurento",
                "-jar", System.getProperty("parley.payaraMicroJar"), "--nocluster", "--port", String.valueOf(httpPort),
                "--rootdir", work.resolve("micro-c").toString(), "--postbootcommandfile", postBoot.toString(),
                "--deploy", System.getProperty("parley.microWar"), "--contextroot", "parley"), work.resolve("micro-c.log"));
        processes.add(c);
        c.awaitLog(MICRO_READY, START);
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");

        long pollUntil = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < pollUntil) { // as an orchestrator polls, while the media server is down
            assertEquals(503, readiness(ready).statusCode(), "DOWN without its media server");
            Thread.sleep(500);
        }
        mediaServer("media-server-3", mediaPort);
        long startedAt = System.nanoTime();
        try {
            await(() -> readinessQuietly(ready) == 200, Duration.ofSeconds(45), "ready once its media server runs");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; readiness now: " + readinessBody(ready), e);
        }
        System.out.println("the instance started before its media server was ready " + (System.nanoTime() - startedAt) / 1_000_000
                + " ms after the media server listened");
        assertTrue(c.find(Pattern.compile("Module \\S+ is disabled")).isEmpty(), "a managed thread died in Payara's health context: "
                + c.find(Pattern.compile(".*Module \\S+ is disabled.*")).orElse(""));
    }

    private HttpResponse<String> readiness(URI ready) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private int readinessQuietly(URI ready) {
        try {
            return readiness(ready).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String readinessBody(URI ready) {
        try {
            return readiness(ready).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    private HeadlessChromium call(String page) throws Exception {
        HeadlessChromium browser = open(page);
        try {
            browser.evaluate("document.getElementById('agent').start()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'state' && e.detail.state === 'listening')",
                    Duration.ofSeconds(90), "the call is up");
            return browser;
        } catch (Exception | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    private static HeadlessChromium open(String page) throws Exception {
        HeadlessChromium browser = HeadlessChromium.open(page, silence, List.of());
        browser.await("document.readyState === 'complete' && customElements.get('parley-agent')", Duration.ofSeconds(30),
                "the widget is defined");
        browser.evaluate(PageRecording.INSTALL);
        return browser;
    }

    private JsonObject theOnlyLiveSessionSeenBy(Instance instance) throws Exception {
        await(() -> liveSessionsQuietly(instance).size() == 1, Duration.ofSeconds(20), "one live session");
        return liveSessions(instance).get(0);
    }

    private List<JsonObject> liveSessions(Instance instance) throws IOException, InterruptedException {
        return get(instance, "sessions?state=live").getJsonArray("sessions").getValuesAs(JsonObject.class);
    }

    private List<JsonObject> liveSessionsQuietly(Instance instance) {
        try {
            return liveSessions(instance);
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private JsonObject get(Instance instance, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(instance.api(path)).header("Authorization", ADMIN)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " on " + instance.base() + ": " + response.statusCode() + " " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private JsonObject getQuietly(Instance instance, String path) {
        try {
            return get(instance, path);
        } catch (IOException e) {
            return JsonObject.EMPTY_JSON_OBJECT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonObject.EMPTY_JSON_OBJECT;
        }
    }

    private HttpResponse<String> post(Instance instance, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(instance.api(path)).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ClusterProcess mediaServer(String name, int port) throws Exception {
        ClusterProcess server = ClusterProcess.start(name, List.of(java(), "-jar", System.getProperty("parley.mediaServerJar"),
                "--bindAddress=127.0.0.1", "--port=" + port), work.resolve(name + ".log"));
        processes.add(server);
        server.awaitLog(Pattern.compile("parley-media-server listening on"), Duration.ofSeconds(60));
        return server;
    }

    private static Instance micro(String name, int hazelcastPort, Path postBoot) throws Exception {
        int httpPort = ClusterProcess.freePort();
        List<String> command = List.of(java(), "-Dparley.security.demo-mode=true", "-Dh2.bindAddress=127.0.0.1",
                "-Dparley.preload.enabled=false",
                "-Dparley.media-server.urls=eu=" + mediaServer1Url + ",us=" + mediaServer2Url,
                "-Dparley.security.users=ada", "-Dparley.security.user.ada.password=" + ADA_HASH, "-Dparley.security.user.ada.groups=admin",
                "-Dparley.security.api-keys=" + API_KEY, "-Dparley.security.token-secret=cluster-integration-test-secret-of-48-characters",
                "-Dparley.signalling.max-sessions-per-token=1", "-Dparley.limits.max-sessions-per-client=10",
                "-jar", System.getProperty("parley.payaraMicroJar"), "--name", name, "--port", String.valueOf(httpPort),
                "--clustername", "parley-cluster-it", "--clustermode", "tcpip:127.0.0.1:" + hazelcastPort,
                "--startport", String.valueOf(hazelcastPort), "--interfaces", "127.0.0.1",
                "--rootdir", work.resolve("micro-" + name).toString(), "--postbootcommandfile", postBoot.toString(),
                "--deploy", System.getProperty("parley.microWar"), "--contextroot", "parley");
        ClusterProcess micro = ClusterProcess.start("Payara Micro " + name, command, work.resolve("micro-" + name + ".log"));
        processes.add(micro);
        micro.awaitLog(MICRO_READY, START);
        String id = micro.awaitLog(INSTANCE_ID, Duration.ofSeconds(5));
        return new Instance(micro, URI.create("http://127.0.0.1:" + httpPort), id);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
