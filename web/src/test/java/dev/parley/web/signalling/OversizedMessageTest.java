package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OversizedMessageTest {

    @Test
    void tyrusTooLargeErrorsAreRecognisedOthersAreNot() {
        assertTrue(OversizedMessage.is(new IllegalArgumentException("Buffer overflow.")), "a frame above Tyrus's input buffer");
        assertTrue(OversizedMessage.is(new RuntimeException(new IOException("Tyrus input buffer exceeded. Current buffer size is 4194315 bytes."))));
        assertFalse(OversizedMessage.is(new IllegalArgumentException("bad argument")));
        assertFalse(OversizedMessage.is(new IOException("Broken pipe")));
        assertFalse(OversizedMessage.is(new NullPointerException()));
    }
}
