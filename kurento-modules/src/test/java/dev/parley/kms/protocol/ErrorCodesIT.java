package dev.parley.kms.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.SDES;
import org.kurento.client.CryptoSuite;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.ZBarFilter;
import org.kurento.client.internal.server.KurentoServerException;
import static dev.parley.kms.support.KmsErrors.assertKmsError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each KMS error code of kurento-behaviour §4 that applies, provoked and checked for code and
 * {@code data.type}: through the Java client where it can send the request, otherwise raw.
 * (SDP codes 40201-40210 and 40401 are in SdpNegotiationIT; 40004 in ConnectionTablesIT.)
 */
class ErrorCodesIT {
    private static TestServer server;
    private static KurentoClient kurento;
    private static RawKurentoSocket raw;
    private static String sessionId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        kurento = server.client();
        raw = server.raw();
        JsonObject created = raw.request("create", params("type", "MediaPipeline", "constructorParams", new JsonObject()));
        sessionId = created.getAsJsonObject("result").get("sessionId").getAsString();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonObject params(Object... pairs) {
        JsonObject p = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v instanceof String s) {
                p.addProperty((String) pairs[i], s);
            } else if (v instanceof Number n) {
                p.addProperty((String) pairs[i], n);
            } else {
                p.add((String) pairs[i], (com.google.gson.JsonElement) v);
            }
        }
        return p;
    }

    private static void assertError(JsonObject response, int code, String type) {
        assertTrue(response.has("error"), response.toString());
        JsonObject error = response.getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsInt(), response.toString());
        if (type == null) {
            assertFalse(error.has("data"), response.toString());
        } else {
            assertEquals(type, error.getAsJsonObject("data").get("type").getAsString(), response.toString());
        }
        assertFalse(error.get("message").getAsString().isEmpty());
    }


    @Test
    void wrongParameterTypeIs40001LikeKms() throws Exception {
        JsonObject created = raw.request("create", params("type", "MediaPipeline", "constructorParams", new JsonObject(), "sessionId", sessionId));
        String pipeline = created.getAsJsonObject("result").get("value").getAsString();

        JsonObject response = raw.request("invoke", params("object", pipeline, "operation", "setName",
                "operationParams", params("name", params("first", 42)), "sessionId", sessionId));

        assertError(response, 40001, "MARSHALL_ERROR");
        assertEquals("'name' parameter should be a string", response.getAsJsonObject("error").get("message").getAsString());
    }

    @Test
    void unknownEnumValueIs40001LikeKms() throws Exception {
        String pipeline = raw.request("create", params("type", "MediaPipeline", "constructorParams", new JsonObject(),
                "sessionId", sessionId)).getAsJsonObject("result").get("value").getAsString();
        String element = raw.request("create", params("type", "PassThrough", "constructorParams", params("mediaPipeline", pipeline),
                "sessionId", sessionId)).getAsJsonObject("result").get("value").getAsString();

        JsonObject response = raw.request("invoke", params("object", element, "operation", "connect",
                "operationParams", params("sink", element, "mediaType", "SMELL"), "sessionId", sessionId));

        assertError(response, 40001, "MARSHALL_ERROR");
        assertEquals("Invalid value for 'MediaType'", response.getAsJsonObject("error").get("message").getAsString());
    }

    @Test
    void missingConstructorParamIs40001LikeKms() throws Exception {
        JsonObject response = raw.request("create", params("type", "WebRtcEndpoint", "constructorParams", new JsonObject(), "sessionId", sessionId));
        assertError(response, 40001, "MARSHALL_ERROR");
    }

    @Test
    void connectWithAnUnknownSessionIs40007LikeKms() throws Exception {
        try (RawKurentoSocket fresh = new RawKurentoSocket(server.url())) {
            JsonObject response = fresh.request("connect", params("sessionId", "6e1d0e5a-0000-4000-8000-000000000000"));
            assertError(response, 40007, "INVALID_SESSION");
        }
    }

    @Test
    void unknownOperationIs40008LikeKms() throws Exception {
        String pipeline = raw.request("create", params("type", "MediaPipeline", "constructorParams", new JsonObject(),
                "sessionId", sessionId)).getAsJsonObject("result").get("value").getAsString();
        JsonObject response = raw.request("invoke", params("object", pipeline, "operation", "fly", "sessionId", sessionId));
        assertError(response, 40008, "MALFORMED_TRANSACTION");
        assertEquals("Method 'fly' with 0 parameters not found", response.getAsJsonObject("error").get("message").getAsString());
    }

    @Test
    void transactionWithAnIdOutOfPlaceIs40008LikeKms() throws Exception {
        JsonObject op = JsonParser.parseString("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"create\","
                + "\"params\":{\"type\":\"MediaPipeline\",\"constructorParams\":{}}}").getAsJsonObject();
        JsonArray ops = new JsonArray();
        ops.add(op);
        JsonObject response = raw.request("transaction", params("operations", ops, "sessionId", sessionId));
        assertError(response, 40008, "MALFORMED_TRANSACTION");
    }

    @Test
    void unknownObjectIs40101LikeKms() {
        MediaPipeline ghost = kurento.getById("00000000-0000-4000-8000-000000000000_kurento.MediaPipeline", MediaPipeline.class);
        assertKmsError(40101, "MEDIA_OBJECT_NOT_FOUND", ghost::getName);
    }

    @Test
    void releasedObjectIs40101LikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        String id = pipeline.getId();
        pipeline.release();
        MediaPipeline again = kurento.getById(id, MediaPipeline.class);
        assertKmsError(40101, "MEDIA_OBJECT_NOT_FOUND", again::getName);
    }

    @Test
    void unknownEventIs40106LikeKms() throws Exception {
        String pipeline = raw.request("create", params("type", "MediaPipeline", "constructorParams", new JsonObject(),
                "sessionId", sessionId)).getAsJsonObject("result").get("value").getAsString();
        JsonObject response = raw.request("subscribe", params("object", pipeline, "type", "OnIceCandidate", "sessionId", sessionId));
        assertError(response, 40106, "MEDIA_OBJECT_EVENT_NOT_SUPPORTED");
    }

    @Test
    void sdesCryptoIsRefusedWith40107() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        SDES sdes = new SDES();
        sdes.setCrypto(CryptoSuite.AES_128_CM_HMAC_SHA1_80);
        sdes.setKey("0123456789012345678901234567890");
        assertKmsError(40107, "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR", () -> new RtpEndpoint.Builder(pipeline).withCrypto(sdes).build());
        pipeline.release();
    }

    @Test
    void unknownFactoryIs40108LikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        KurentoServerException e = assertKmsError(40108, "MEDIA_OBJECT_NOT_AVAILABLE", () -> new ZBarFilter.Builder(pipeline).build());
        assertTrue(e.getMessage().contains("Factory 'ZBarFilter' not found"), e.getMessage());
        pipeline.release();
    }

    @Test
    void newrefOutsideATransactionIs40109LikeKms() throws Exception {
        JsonObject response = raw.request("invoke", params("object", "newref:0", "operation", "getName", "sessionId", sessionId));
        assertError(response, 40109, "MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT");
    }

    @Test
    void dataChannelsAndKeyframesAreRefusedWith40111LikeKms() {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        assertKmsError(40111, "MEDIA_OBJECT_OPERATION_NOT_SUPPORTED", webRtc::createDataChannel);
        assertKmsError(40111, "MEDIA_OBJECT_OPERATION_NOT_SUPPORTED", webRtc::requestKeyframe);
        pipeline.release();
    }

    @Test
    void jsonRpcEnvelopeErrorsHaveKmsShapes() throws Exception {
        assertError(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"), -32700, "PARSE_ERROR");
        assertError(raw.exchange("{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"ping\"}"), -32600, "INVALID_REQUEST");
        assertError(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":[3],\"method\":\"ping\"}"), -32600, "INVALID_REQUEST");
        assertError(raw.request("teleport", new JsonObject()), -32601, null);
        try (RawKurentoSocket fresh = new RawKurentoSocket(server.url())) {
            assertError(fresh.request("create", null), -32602, "INVALID_PARAMS");
            assertError(fresh.request("invoke", params("operation", "getName")), -32000, null);
        }
    }
}
