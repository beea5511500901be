package dev.parley.kms.protocol;

import com.google.gson.JsonObject;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.Sdps;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets KMS's error answer and hurts nobody: after each one, the same raw socket and an
 * unrelated client session (holding a negotiated endpoint) keep being served.
 */
class BadInputIT {
    private static TestServer server;
    private static KurentoClient bystander;
    private static RtpEndpoint bystanderEndpoint;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        bystander = server.client();
        MediaPipeline pipeline = bystander.createMediaPipeline();
        bystanderEndpoint = new RtpEndpoint.Builder(pipeline).build();
        bystanderEndpoint.processOffer(Sdps.rtpAudioOffer(5004));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void assertOthersStillServed(RawKurentoSocket raw) throws Exception {
        assertEquals("pong", raw.request("ping", null).getAsJsonObject("result").get("value").getAsString());
        assertTrue(bystanderEndpoint.getLocalSessionDescriptor().contains("m=audio"));
        MediaPipeline fresh = bystander.createMediaPipeline();
        fresh.release();
    }

    private static int code(JsonObject response) {
        assertTrue(response.has("error"), response.toString());
        return response.getAsJsonObject("error").get("code").getAsInt();
    }

    @Test
    void malformedJsonIsAParseErrorAndTheSocketStaysUsable() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            for (String garbage : List.of("{", "not json at all", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"", "\u0000\u0001")) {
                JsonObject response = raw.exchange(garbage);
                assertEquals(-32700, code(response), garbage);
                assertTrue(response.get("id").isJsonNull());
                assertOthersStillServed(raw);
            }
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutHarm() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String deep = "[".repeat(200_000) + "]".repeat(200_000);
            int refused = code(raw.exchange(deep));
            // valid JSON but no request object (-32600), or refused by a JSON parser with a depth limit (-32700)
            assertTrue(refused == -32600 || refused == -32700, "code " + refused);
            String deepParams = "{\"jsonrpc\":\"2.0\",\"id\":301,\"method\":\"transaction\",\"params\":{\"operations\":"
                    + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
            assertTrue(raw.exchange(deepParams).has("error"));
            assertOthersStillServed(raw);
        }
    }

    @Test
    void wellFormedJsonThatIsNotARequestIsInvalidRequest() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            for (String wrong : List.of("[]", "42", "{}", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}")) {
                assertEquals(-32600, code(raw.exchange(wrong)), wrong);
                assertOthersStillServed(raw);
            }
        }
    }

    @Test
    void wrongParameterTypesAreMarshallErrors() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            String pipeline = raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":101,\"method\":\"create\",\"params\":{\"type\":\"MediaPipeline\",\"constructorParams\":{}}}")
                    .getAsJsonObject("result").get("value").getAsString();
            String element = raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":102,\"method\":\"create\",\"params\":{\"type\":\"RtpEndpoint\",\"constructorParams\":{\"mediaPipeline\":\"" + pipeline + "\"}}}")
                    .getAsJsonObject("result").get("value").getAsString();

            assertEquals(40001, code(raw.exchange(invoke(103, element, "setMtu", "{\"mtu\":\"big\"}"))));
            // KMS reads a number given for a string as its text: not an SDP (40201), and not an object id (40101).
            assertEquals(40201, code(raw.exchange(invoke(104, element, "processOffer", "{\"offer\":17}"))));
            assertEquals(40001, code(raw.exchange(invoke(105, element, "connect", "{\"sink\":[1,2]}"))));
            assertEquals(40001, code(raw.exchange(invoke(106, element, "setName", "[\"a\"]"))));
            assertEquals(40001, code(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":107,\"method\":\"create\",\"params\":{\"type\":\"RtpEndpoint\",\"constructorParams\":{\"mediaPipeline\":\"" + element + "\"}}}")));
            assertEquals(40101, code(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":108,\"method\":\"invoke\",\"params\":{\"object\":5,\"operation\":\"getName\"}}")));
            assertEquals(-32000, code(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":109,\"method\":\"invoke\",\"params\":{\"object\":{},\"operation\":\"getName\"}}")));
            assertOthersStillServed(raw);
        }
    }

    private static String invoke(int id, String object, String operation, String operationParams) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"invoke\",\"params\":{\"object\":\"" + object
                + "\",\"operation\":\"" + operation + "\",\"operationParams\":" + operationParams + "}}";
    }

    @Test
    void unknownIdsAre40101() throws Exception {
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            assertEquals(40101, code(raw.exchange(invoke(201, "nope_kurento.WebRtcEndpoint", "getName", "{}"))));
            assertEquals(40101, code(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":202,\"method\":\"subscribe\",\"params\":{\"object\":\"nope\",\"type\":\"Error\"}}")));
            assertEquals(40101, code(raw.exchange("{\"jsonrpc\":\"2.0\",\"id\":203,\"method\":\"create\",\"params\":{\"type\":\"WebRtcEndpoint\",\"constructorParams\":{\"mediaPipeline\":\"gone_kurento.MediaPipeline\"}}}")));
            assertOthersStillServed(raw);
        }
    }

    @Test
    void garbageSdpAndCandidatesForAMissingMLineGetKmsErrors() throws Exception {
        KurentoClient client = server.client();
        MediaPipeline pipeline = client.createMediaPipeline();
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();

        assertEquals(40201, assertThrows(KurentoServerException.class, () -> webRtc.processOffer("\u00ff\u00fe garbage")).getCode());
        assertEquals(40201, assertThrows(KurentoServerException.class, () -> rtp.processOffer("v=0\r\nthis line is wrong\r\n")).getCode());
        rtp.processOffer(Sdps.rtpAudioOffer(5010));
        WebRtcEndpoint answerer = new WebRtcEndpoint.Builder(pipeline).build();
        answerer.processOffer(new WebRtcEndpoint.Builder(pipeline).build().generateOffer());
        assertEquals(40401, assertThrows(KurentoServerException.class,
                () -> answerer.addIceCandidate(new IceCandidate("candidate:1 1 UDP 1 127.0.0.1 9 typ host", "9", 9))).getCode());
        try (RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            assertOthersStillServed(raw);
        }
        pipeline.release();
    }

    @Test
    void anotherPathIsClosedWithInvalidPathLikeKms() throws Exception {
        String wrongPath = server.url().replace("/kurento", "/elsewhere");
        RawKurentoSocket raw = new RawKurentoSocket(wrongPath);
        assertTrue(raw.awaitServerClose());
        assertEquals(1002, raw.closeCode());
        assertEquals("Invalid path", raw.closeReason());
        raw.close();
    }
}
