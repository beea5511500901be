package dev.parley.session;

/**
 * Who connected: what the signalling socket saw at the handshake (any part may be null).
 *
 * @param address   the client's remote address
 * @param userAgent its User-Agent header
 * @param origin    its Origin header
 */
public record ClientInfo(String address, String userAgent, String origin) {

    public static final ClientInfo UNKNOWN = new ClientInfo(null, null, null);
}
