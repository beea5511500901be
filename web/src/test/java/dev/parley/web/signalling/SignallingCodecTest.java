package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignallingCodecTest {

    private final SignallingCodec codec = new SignallingCodec();

    @BeforeEach
    void open() {
        codec.open();
    }

    @AfterEach
    void close() {
        codec.close();
    }

    @Test
    void pingIsDecodedByItsType() throws MalformedMessageException {
        assertEquals(new Ping("42"), codec.decode("{\"type\":\"ping\",\"id\":\"42\"}"));
    }

    @Test
    void pongIsEncodedWithItsType() {
        assertEquals("{\"type\":\"pong\",\"id\":\"42\",\"serverTimeMillis\":7}", codec.encode(new Pong("42", 7)));
    }

    @Test
    void errorIsEncodedWithItsCode() {
        assertEquals("{\"type\":\"error\",\"code\":\"malformed-message\",\"message\":\"bad\"}",
                codec.encode(new SignallingError(SignallingError.MALFORMED_MESSAGE, "bad")));
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        var e = assertThrows(MalformedMessageException.class, () -> codec.decode("hello{"));
        assertTrue(e.getMessage().startsWith("not a signalling message ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("e.g. " + SignallingCodec.EXAMPLE), e.getMessage());
    }

    @Test
    void unknownTypeIsMalformedAndNamesIt() {
        var e = assertThrows(MalformedMessageException.class, () -> codec.decode("{\"type\":\"dance\"}"));
        assertTrue(e.getMessage().contains("dance"), e.getMessage());
    }

    @Test
    void jsonNullIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> codec.decode("null"));
    }

    @Test
    void routerAnswersPingWithPongOfSameId() {
        var router = new MessageRouter().on(Ping.class, ping -> new Pong(ping.id(), 1));
        assertEquals(new Pong("a", 1), router.route(new Ping("a")));
    }

    @Test
    void startIceAndStopAreDecodedByTheirType() throws MalformedMessageException {
        assertEquals(new Start(1, "v=0", "en-US", null), codec.decode("{\"type\":\"start\",\"version\":1,\"sdpOffer\":\"v=0\",\"language\":\"en-US\"}"));
        assertEquals(new Start(1, "v=0", null, "eu-west"), codec.decode("{\"type\":\"start\",\"version\":1,\"sdpOffer\":\"v=0\",\"zone\":\"eu-west\"}"));
        assertEquals(new ClientIce(new Candidate("candidate:1", "0", 0)),
                codec.decode("{\"type\":\"ice\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}"));
        assertEquals(new Stop(null), codec.decode("{\"type\":\"stop\"}"));
        assertEquals(new UserText("What can you do?"), codec.decode("{\"type\":\"text\",\"text\":\"What can you do?\"}"));
    }

    @Test
    void agentPausedAndResumedAreBareTypes() {
        assertEquals("{\"type\":\"agent-paused\"}", codec.encode(new AgentPausedMessage()));
        assertEquals("{\"type\":\"agent-resumed\"}", codec.encode(new AgentResumedMessage()));
    }

    @Test
    void serverEventsAreEncodedWithTheirType() {
        assertEquals("{\"type\":\"transcript\",\"partial\":false,\"speaker\":\"agent\",\"text\":\"Hi\"}",
                codec.encode(new TranscriptMessage("agent", false, "Hi")));
        assertEquals("{\"type\":\"transcript\",\"continued\":true,\"partial\":false,\"speaker\":\"user\",\"text\":\"can you tell me what\"}",
                codec.encode(new TranscriptMessage("user", false, "can you tell me what", true)));
        assertEquals("{\"type\":\"transcript\",\"partial\":true,\"speaker\":\"user\",\"text\":\"what\"}",
                codec.encode(new TranscriptMessage("user", true, "what", false)));
        assertEquals("{\"type\":\"state\",\"state\":\"speaking\"}", codec.encode(new StateMessage("speaking")));
        assertEquals("{\"type\":\"ended\",\"detail\":\"hung up\",\"reason\":\"hang-up\",\"sessionId\":\"s\"}",
                codec.encode(new Ended("s", "hang-up", "hung up")));
        assertEquals("{\"type\":\"ready\",\"iceServers\":[{\"urls\":[\"stun:127.0.0.1:3478\"]}],\"maxMessageChars\":65536,\"version\":1}",
                codec.encode(new Ready(1, java.util.List.of(new IceServer(java.util.List.of("stun:127.0.0.1:3478"), null, null)), 65536, null)));
        assertEquals("{\"type\":\"ready\",\"iceServers\":[],\"maxMessageChars\":65536,\"recordingNotice\":\"Dieses Gespräch wird aufgezeichnet.\",\"version\":1}",
                codec.encode(new Ready(1, java.util.List.of(), 65536, "Dieses Gespräch wird aufgezeichnet.")), "the notice, when recording");
    }
}
