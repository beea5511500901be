package dev.parley.session;

/**
 * Who connected: what the signalling socket saw at the handshake (any part may be null).
 *
 * @param address   the client's remote address
 * @param userAgent its User-Agent header
 * @param origin    its Origin header
 * @param zone      the zone the caller asked its media to be in (the widget's {@code zone}), or null;
 *                  a preference when the session is placed on a media server, not stored
 */
public record ClientInfo(String address, String userAgent, String origin, String zone) {

    public static final ClientInfo UNKNOWN = new ClientInfo(null, null, null);

    public ClientInfo(String address, String userAgent, String origin) {
        this(address, userAgent, origin, null);
    }

    public ClientInfo withZone(String newZone) {
        return new ClientInfo(address, userAgent, origin, newZone);
    }
}
