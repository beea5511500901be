package dev.parley.kms.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON-RPC messages themselves, as kurento-behaviour §1.2-1.6 describes them. */
class WireFormatIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonObject params(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void pingAnswersPongAndEchoesOnlyAKnownSessionLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            JsonObject first = raw.request("ping", params("{\"interval\":240000}"));
            assertEquals("2.0", first.get("jsonrpc").getAsString());
            assertEquals(params("{\"value\":\"pong\"}"), first.getAsJsonObject("result"));

            String sessionId = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{},\"properties\":{}}"))
                    .getAsJsonObject("result").get("sessionId").getAsString();
            JsonObject later = raw.request("ping", null);
            assertEquals("pong", later.getAsJsonObject("result").get("value").getAsString());
            assertEquals(sessionId, later.getAsJsonObject("result").get("sessionId").getAsString(), "injected from the connection");
        }
    }

    @Test
    void connectStartsOrResumesASessionAndNamesTheServerLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            JsonObject fresh = raw.request("connect", null).getAsJsonObject("result");
            String serverId = fresh.get("serverId").getAsString();
            String sessionId = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"))
                    .getAsJsonObject("result").get("sessionId").getAsString();
            try (RawKurentoSocket other = new RawKurentoSocket(server.url())) {
                JsonObject resumed = other.request("connect", params("{\"sessionId\":\"" + sessionId + "\"}")).getAsJsonObject("result");
                assertEquals(sessionId, resumed.get("sessionId").getAsString());
                assertEquals(serverId, resumed.get("serverId").getAsString(), "one serverId per process");
                JsonObject otherFresh = other.request("connect", params("{}")).getAsJsonObject("result");
                assertEquals(sessionId, otherFresh.get("sessionId").getAsString(), "the tied session is injected, as KMS does");
            }
            try (RawKurentoSocket third = new RawKurentoSocket(server.url())) {
                assertNotEquals(sessionId, third.request("connect", null).getAsJsonObject("result").get("sessionId").getAsString());
            }
        }
    }

    @Test
    void invokeOfAVoidMethodAnswersValueNullAndGettersAnswerValueLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String pipeline = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"))
                    .getAsJsonObject("result").get("value").getAsString();

            JsonObject set = raw.request("invoke", params("{\"object\":\"" + pipeline + "\",\"operation\":\"setName\",\"operationParams\":{\"name\":\"n\"}}"));
            JsonObject get = raw.request("invoke", params("{\"object\":\"" + pipeline + "\",\"operation\":\"getName\"}"));

            assertTrue(set.getAsJsonObject("result").has("value") && set.getAsJsonObject("result").get("value").isJsonNull(), set.toString());
            assertTrue(set.getAsJsonObject("result").has("sessionId"));
            assertEquals("n", get.getAsJsonObject("result").get("value").getAsString());
        }
    }

    @Test
    void describeNamesTheTypeAndItsAncestorsLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String pipeline = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"))
                    .getAsJsonObject("result").get("value").getAsString();
            String endpoint = raw.request("create", params("{\"type\":\"WebRtcEndpoint\",\"constructorParams\":{\"mediaPipeline\":\"" + pipeline + "\"}}"))
                    .getAsJsonObject("result").get("value").getAsString();

            JsonObject described = raw.request("describe", params("{\"object\":\"" + endpoint + "\"}")).getAsJsonObject("result");

            assertEquals("WebRtcEndpoint", described.get("type").getAsString());
            assertEquals("kurento.WebRtcEndpoint", described.get("qualifiedType").getAsString());
            JsonArray hierarchy = described.getAsJsonArray("hierarchy");
            assertEquals("kurento.BaseRtpEndpoint", hierarchy.get(0).getAsString());
            assertEquals("kurento.MediaObject", hierarchy.get(hierarchy.size() - 1).getAsString());
        }
    }

    @Test
    void eventNotificationCarriesObjectTypeAndStringTimestampOncePerSessionLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String pipeline = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"))
                    .getAsJsonObject("result").get("value").getAsString();
            String element = raw.request("create", params("{\"type\":\"PassThrough\",\"constructorParams\":{\"mediaPipeline\":\"" + pipeline + "\"}}"))
                    .getAsJsonObject("result").get("value").getAsString();
            String first = raw.request("subscribe", params("{\"object\":\"" + element + "\",\"type\":\"ElementConnected\"}"))
                    .getAsJsonObject("result").get("value").getAsString();
            String second = raw.request("subscribe", params("{\"object\":\"" + element + "\",\"type\":\"ElementConnected\"}"))
                    .getAsJsonObject("result").get("value").getAsString();
            assertNotEquals(first, second, "each subscribe gets its own id");

            JsonObject response = raw.request("invoke", params("{\"object\":\"" + element + "\",\"operation\":\"connect\","
                    + "\"operationParams\":{\"sink\":\"" + element + "\",\"mediaType\":\"AUDIO\"}}"));
            List<JsonObject> messages = List.of(response, raw.next());
            JsonObject event = messages.stream().filter(m -> m.has("method")).findFirst().orElseThrow();

            assertFalse(event.has("id"));
            assertEquals("onEvent", event.get("method").getAsString());
            JsonObject value = event.getAsJsonObject("params").getAsJsonObject("value");
            assertEquals(element, value.get("object").getAsString());
            assertEquals("ElementConnected", value.get("type").getAsString());
            JsonObject data = value.getAsJsonObject("data");
            assertEquals(element, data.get("source").getAsString());
            assertEquals("ElementConnected", data.get("type").getAsString());
            assertTrue(data.get("timestampMillis").getAsJsonPrimitive().isString(), data.toString());
            assertTrue(data.getAsJsonArray("tags").isEmpty());
            assertEquals("AUDIO", data.get("mediaType").getAsString());
            assertEquals(element, data.get("sink").getAsString());

            raw.request("unsubscribe", params("{\"object\":\"" + element + "\",\"subscription\":\"no-such-subscription\"}"));
            JsonObject ping = raw.request("ping", null);
            assertEquals("pong", ping.getAsJsonObject("result").get("value").getAsString(), "no second onEvent was queued: " + ping);
        }
    }

    @Test
    void diagnosticsAreReadFreshEvenUnderARepeatedRequestId() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"));
            String read = "{\"jsonrpc\":\"2.0\",\"id\":9999999,\"method\":\"parley.diagnostics\",\"params\":{}}";
            int before = raw.exchange(read).getAsJsonObject("result").get("pipelines").getAsInt();
            raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"));

            int after = raw.exchange(read).getAsJsonObject("result").get("pipelines").getAsInt();

            assertEquals(before + 1, after);
            raw.request("closeSession", null);
        }
    }

    @Test
    void closeSessionAnswersNullAndReleasesTheSessionsObjectsLikeKms() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String pipeline = raw.request("create", params("{\"type\":\"MediaPipeline\",\"constructorParams\":{}}"))
                    .getAsJsonObject("result").get("value").getAsString();

            JsonObject closed = raw.request("closeSession", null);

            assertTrue(closed.has("result") && closed.get("result").isJsonNull(), closed.toString());
            JsonObject gone = raw.request("invoke", params("{\"object\":\"" + pipeline + "\",\"operation\":\"getName\"}"));
            assertEquals(40101, gone.getAsJsonObject("error").get("code").getAsInt());
        }
    }
}
