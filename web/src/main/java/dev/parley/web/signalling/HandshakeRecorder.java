package dev.parley.web.signalling;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Keeps the handshake headers the socket needs (Origin, Host, User-Agent, X-Forwarded-For) in the
 * connection's user properties, where {@code onOpen} reads them as a {@link Handshake}. Since
 * Jakarta WebSocket 2.1 the {@code ServerEndpointConfig} handed to {@link #modifyHandshake} is a
 * per-connection copy, so concurrent handshakes cannot see each other's headers (Payara 6's Tyrus
 * 2.1 does this; SignallingAccessOnPayaraServerIT checks it).
 */
public class HandshakeRecorder extends ServerEndpointConfig.Configurator {

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        record(config.getUserProperties(), request.getHeaders());
    }

    /** Copies the headers present into {@code properties}; an absent header leaves its key absent. */
    static void record(Map<String, Object> properties, Map<String, List<String>> headers) {
        copy(headers, "Origin", properties, Handshake.ORIGIN);
        copy(headers, "Host", properties, Handshake.HOST);
        copy(headers, "User-Agent", properties, Handshake.USER_AGENT);
        copy(headers, "X-Forwarded-For", properties, Handshake.FORWARDED_FOR);
    }

    private static void copy(Map<String, List<String>> headers, String name, Map<String, Object> properties, String key) {
        String value = header(headers, name);
        if (value != null) {
            properties.put(key, value);
        }
    }

    /** Header names are case-insensitive; containers differ in the case of the map's keys. */
    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null && !entry.getValue().isEmpty()) {
                return String.join(", ", entry.getValue());
            }
        }
        return null;
    }
}
