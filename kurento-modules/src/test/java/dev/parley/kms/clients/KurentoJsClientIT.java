package dev.parley.kms.clients;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.kms.support.Sdps;
import dev.parley.kms.support.ServerProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official JavaScript client (npm kurento-client 7.3.0, installed by the build from the
 * committed package-lock.json) drives the packaged server process with its default options:
 * the strict module check on connect, a pipeline created without constructor parameters, a
 * WebRtcEndpoint and an RtpEndpoint connected, events, an SDP negotiation, a server error with
 * KMS's code, and the release. Node runs inside the test's own (loopback-only) namespace.
 */
class KurentoJsClientIT {
    private static final long NODE_TIMEOUT_SECONDS = 30;

    @Test
    void theOfficialJavaScriptClientCreatesConnectsNegotiatesAndReleases() throws Exception {
        Path clientDir = Path.of(System.getProperty("parley.kurentoClientJs.dir", "target/kurento-client-js"));
        Path installed = clientDir.resolve("node_modules/kurento-client/package.json");
        assertTrue(Files.isRegularFile(installed), installed + " is missing: the build's npm ci did not run");
        assertEquals("7.3.0", JsonParser.parseString(Files.readString(installed)).getAsJsonObject().get("version").getAsString());

        try (ServerProcess server = ServerProcess.start("--port=0")) {
            Map<String, JsonObject> steps = runNode(clientDir, server.url(), Sdps.rtpAudioOffer(5004));

            assertTrue(steps.containsKey("released"), "the client stopped early: " + steps.values());
            assertEquals("[\"core\",\"elements\",\"filters\"]", steps.get("info").get("modules").toString());
            String pipeline = steps.get("pipeline").get("id").getAsString();
            assertTrue(pipeline.endsWith("_kurento.MediaPipeline"), pipeline);
            JsonObject elements = steps.get("elements");
            assertTrue(elements.get("webRtc").getAsString().startsWith(pipeline + "/"), elements.toString());
            assertTrue(elements.get("rtp").getAsString().endsWith("_kurento.RtpEndpoint"), elements.toString());
            JsonObject connected = steps.get("connectedEvent");
            assertEquals(elements.get("webRtc").getAsString(), connected.get("source").getAsString());
            assertEquals(elements.get("rtp").getAsString(), connected.get("sink").getAsString());
            assertTrue(steps.get("answer").get("hasAudio").getAsBoolean());
            assertTrue(steps.containsKey("mediaSessionStarted"));
            assertEquals(3, steps.get("sinks").get("count").getAsInt(), "AUDIO, VIDEO and DATA connections");
            assertEquals(40202, steps.get("serverError").get("code").getAsInt());
        }
    }

    /** Runs the check script and returns its reported steps by name, in order. */
    private static Map<String, JsonObject> runNode(Path clientDir, String url, String rtpOffer) throws Exception {
        Process node = new ProcessBuilder("node", "kurento-client-check.js", url, rtpOffer)
                .directory(clientDir.toFile()).redirectErrorStream(true).start();
        Map<String, JsonObject> steps = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            if (!node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("node did not finish in " + NODE_TIMEOUT_SECONDS + " s");
            }
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("{\"step\"")) {
                    JsonObject step = JsonParser.parseString(line).getAsJsonObject();
                    steps.put(step.get("step").getAsString(), step);
                } else {
                    other.add(line);
                }
            }
        } finally {
            node.destroyForcibly();
        }
        assertEquals(0, node.exitValue(), "node failed: " + steps.values() + " " + other);
        return steps;
    }
}
