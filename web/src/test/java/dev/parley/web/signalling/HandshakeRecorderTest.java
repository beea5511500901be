package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.session.ClientInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeRecorderTest {

    @Test
    void theHeadersAreKeptWhateverTheirCase() {
        Map<String, Object> properties = new HashMap<>();
        HandshakeRecorder.record(properties, Map.of("origin", List.of("http://127.0.0.1:8080"), "HOST", List.of("127.0.0.1:8080"),
                "User-Agent", List.of("Mozilla/5.0 Chromium"), "x-forwarded-for", List.of("203.0.113.7", "10.0.0.2")));

        Handshake handshake = Handshake.of(properties, "10.0.0.1");

        assertEquals(new Handshake("http://127.0.0.1:8080", "127.0.0.1:8080", "Mozilla/5.0 Chromium", "203.0.113.7, 10.0.0.2", "10.0.0.1"),
                handshake);
        assertEquals(new ClientInfo("10.0.0.1 for 203.0.113.7, 10.0.0.2", "Mozilla/5.0 Chromium", "http://127.0.0.1:8080"), handshake.client());
    }

    @Test
    void anAbsentHeaderLeavesNothingBehind() {
        Map<String, Object> properties = new HashMap<>();
        HandshakeRecorder.record(properties, Map.of("Host", List.of("127.0.0.1:8080")));

        assertFalse(properties.containsKey(Handshake.ORIGIN));
        Handshake handshake = Handshake.of(properties, null);
        assertNull(handshake.origin());
        assertEquals(new ClientInfo(null, null, null), handshake.client());
    }

    @Test
    void aLongForwardingChainIsCutButThePeerAddressIsKept() {
        Map<String, Object> properties = new HashMap<>();
        HandshakeRecorder.record(properties, Map.of("X-Forwarded-For", List.of("198.51.100.1, ".repeat(20))));

        String address = Handshake.of(properties, "10.0.0.1").client().address();

        assertEquals("10.0.0.1 for ", address.substring(0, 13));
        assertEquals(true, address.length() <= 128, address);
    }
}
