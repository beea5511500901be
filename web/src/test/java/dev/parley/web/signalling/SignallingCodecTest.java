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
}
