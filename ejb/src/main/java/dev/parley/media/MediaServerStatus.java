package dev.parley.media;

/**
 * What the readiness check reports about the media server.
 *
 * @param up           the server answers now
 * @param url          where Parley looks for it, redacted (query values hidden: the secret)
 * @param state        the connection's state
 * @param liveSessions sessions whose media runs on it
 * @param detail       "connected", or why not (refused, timed out, dropped and reconnecting, held out of a pool)
 * @param zone         its zone label in {@code parley.media-server.urls}, or null
 */
public record MediaServerStatus(boolean up, String url, KurentoConnection.State state, int liveSessions, String detail, String zone) {

    /** Checks {@code connection} now: at most its connect timeout, at once when a client exists. */
    public static MediaServerStatus of(KurentoConnection connection) {
        boolean up;
        String detail;
        try {
            up = connection.reachable();
            detail = connection.problem();
        } catch (RuntimeException e) {
            up = false;
            detail = KurentoConnection.rootCause(e);
        }
        return new MediaServerStatus(up, connection.displayUrl(), connection.state(), connection.liveSessions(), up ? "connected" : detail, null);
    }
}
