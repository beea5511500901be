package dev.parley.kms.protocol;

import com.google.gson.JsonObject;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.ModuleInfo;
import org.kurento.client.ServerInfo;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the official JavaScript client and other non-Java clients rely on (kurento-behaviour.md §6),
 * each checked against KMS 7.1's own handling: ServerMethods.cpp, JsonRpcHandler.cpp,
 * JsonRpcUtils.cpp and websocketpp's defaults.
 */
class KmsWireCompatibilityIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonObject error(JsonObject response) {
        assertTrue(response.has("error"), response.toString());
        return response.getAsJsonObject("error");
    }

    private static String value(JsonObject response) {
        assertTrue(response.has("result"), response.toString());
        return response.getAsJsonObject("result").get("value").getAsString();
    }

    @Test
    void createWithoutConstructorParamsIsAcceptedWhenNothingIsRequiredLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            String pipeline = value(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\"}}"));
            assertTrue(pipeline.endsWith("_kurento.MediaPipeline"), pipeline);
            assertTrue(value(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\",\"constructorParams\":null}}"))
                    .endsWith("_kurento.MediaPipeline"));

            // A constructor's own required parameter is what KMS names, not the missing key.
            JsonObject missing = error(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"create\",\"params\":{\"type\":\"WebRtcEndpoint\"}}"));
            assertEquals(40001, missing.get("code").getAsInt());
            assertEquals("'mediaPipeline' parameter is required", missing.get("message").getAsString());
        }
    }

    @Test
    void getInfoListsTheCoreElementsAndFiltersModulesLikeKms() {
        KurentoClient client = server.client();
        ServerInfo info = client.getServerManager().getInfo();
        Map<String, ModuleInfo> modules = info.getModules().stream()
                .collect(Collectors.toMap(ModuleInfo::getName, m -> m));

        assertEquals(List.of("core", "elements", "filters"), info.getModules().stream().map(ModuleInfo::getName).toList());
        modules.values().forEach(m -> {
            assertEquals("7.1.0", m.getVersion());
            assertFalse(m.getGenerationTime().isEmpty());
        });
        // Each factory sits in the module whose kmd declares it (core.kmd.json / elements.kmd.json).
        assertTrue(modules.get("core").getFactories().containsAll(List.of("MediaPipeline", "PassThrough", "HubPort")));
        assertTrue(modules.get("elements").getFactories().containsAll(
                List.of("WebRtcEndpoint", "RtpEndpoint", "RecorderEndpoint", "Composite")));
        assertFalse(modules.get("elements").getFactories().contains("MediaPipeline"));
        assertEquals(List.of(), modules.get("filters").getFactories());
    }

    @Test
    void binaryFramesCarryingJsonAreAnsweredLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            JsonObject pong = raw.exchangeBinary("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
            assertEquals(7, pong.get("id").getAsInt());
            assertEquals("pong", value(pong));
            assertTrue(value(raw.exchangeBinary("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\"}}"))
                    .endsWith("_kurento.MediaPipeline"));
        }
    }

    @Test
    void messagesUpToWebsocketppsThirtyTwoMegabytesAreAcceptedLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            String head = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":{\"padding\":\"";
            String tail = "\"}}";
            String big = head + "x".repeat(31_000_000 - head.length() - tail.length()) + tail;
            assertEquals("pong", value(raw.exchange(big)));

            String tooBig = head + "x".repeat(32_000_001 - head.length() - tail.length()) + tail;
            raw.send(tooBig);
            assertTrue(raw.awaitServerClose());
            assertEquals(1009, raw.closeCode());
        }
    }

    @Test
    void numbersGivenForStringsAreConvertedLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            JsonObject factory = error(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"create\",\"params\":{\"type\":123}}"));
            assertEquals(40108, factory.get("code").getAsInt());
            assertEquals("Factory '123' not found", factory.get("message").getAsString());

            String pipeline = value(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\"}}"));
            String endpoint = value(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"create\",\"params\":{\"type\":\"RtpEndpoint\",\"constructorParams\":{\"mediaPipeline\":\"" + pipeline + "\"}}}"));
            JsonObject offer = error(raw.exchange(invoke(13, endpoint, "processOffer", "{\"offer\":5}")));
            assertEquals(40201, offer.get("code").getAsInt());

            JsonObject named = raw.exchange(invoke(14, endpoint, "setName", "{\"name\":5}"));
            assertFalse(named.has("error"), named.toString());
            assertEquals("5", value(raw.exchange(invoke(15, endpoint, "getName", "{}"))));
        }
    }

    @Test
    void paramsGivenAsAnArrayIsAnInternalErrorLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            JsonObject error = error(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"create\",\"params\":[]}"));
            assertEquals(-32603, error.get("code").getAsInt());
            assertEquals("pong", value(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"ping\"}")));
        }
    }

    @Test
    void aPingSentAsANotificationIsAnsweredWithServerErrorAndNullIdLikeKms() throws Exception {
        try (RawKurentoSocket raw = server.raw()) {
            JsonObject answer = raw.exchange("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}");
            assertTrue(answer.get("id").isJsonNull(), answer.toString());
            JsonObject error = error(answer);
            assertEquals(-32000, error.get("code").getAsInt());
            assertEquals("Ignoring response because of a notification request", error.get("message").getAsString());
            assertEquals("pong", error.getAsJsonObject("data").get("value").getAsString());

            // A notification whose result is null (closeSession) stays unanswered: the next answer is the ping's.
            raw.send("{\"jsonrpc\":\"2.0\",\"method\":\"closeSession\"}");
            JsonObject pong = raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"ping\"}");
            assertEquals(18, pong.get("id").getAsInt(), pong.toString());
        }
    }

    private static String invoke(int id, String object, String operation, String operationParams) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"invoke\",\"params\":{\"object\":\"" + object
                + "\",\"operation\":\"" + operation + "\",\"operationParams\":" + operationParams + "}}";
    }
}
