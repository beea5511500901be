package dev.parley.web.signalling;

import dev.parley.session.ClientInfo;
import java.util.Map;

/**
 * What the browser's WebSocket handshake said about it, as {@link HandshakeRecorder} kept it in the
 * connection's user properties; any part may be null.
 *
 * @param origin        the Origin header: which page opened the socket
 * @param host          the Host header the request came in on (the same-host origin check)
 * @param userAgent     the User-Agent header
 * @param forwardedFor  the X-Forwarded-For header, when a proxy added one (not trusted: shown next to the address)
 * @param remoteAddress the peer address of the connection (a proxy's, behind one)
 */
public record Handshake(String origin, String host, String userAgent, String forwardedFor, String remoteAddress) {

    static final String ORIGIN = "parley.handshake.origin";
    static final String HOST = "parley.handshake.host";
    static final String USER_AGENT = "parley.handshake.user-agent";
    static final String FORWARDED_FOR = "parley.handshake.forwarded-for";
    /** ClientInfo.address is stored in a 128-character column; a long proxy chain is cut, the peer address never. */
    private static final int MAX_FORWARDED_CHARS = 80;

    /** Reads the facts {@link HandshakeRecorder} put into a connection's user properties. */
    static Handshake of(Map<String, Object> userProperties, String remoteAddress) {
        return new Handshake(text(userProperties, ORIGIN), text(userProperties, HOST), text(userProperties, USER_AGENT),
                text(userProperties, FORWARDED_FOR), remoteAddress);
    }

    /** Who connected, for the session's history: the address says which proxy forwarded for whom. */
    ClientInfo client() {
        String address = remoteAddress;
        if (forwardedFor != null) {
            String forwarded = forwardedFor.length() <= MAX_FORWARDED_CHARS ? forwardedFor
                    : forwardedFor.substring(0, MAX_FORWARDED_CHARS) + "...";
            address = (remoteAddress == null ? "?" : remoteAddress) + " for " + forwarded;
        }
        return new ClientInfo(address, userAgent, origin);
    }

    private static String text(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
