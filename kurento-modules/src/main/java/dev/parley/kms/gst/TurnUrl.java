package dev.parley.kms.gst;

/** Kurento's turnUrl ({@code user:password@host:port[?transport=udp|tcp|tls]}) as webrtcbin's turn-server URI. */
final class TurnUrl {
    private TurnUrl() {
    }

    static String toGstreamer(String kurentoTurnUrl) {
        String url = kurentoTurnUrl.trim();
        if (url.startsWith("turn:") || url.startsWith("turns:")) {
            url = url.substring(url.indexOf(':') + 1).replaceFirst("^//", "");
        }
        if (!url.contains("@")) {
            throw new IllegalArgumentException("turnUrl '" + kurentoTurnUrl + "' lacks user:password@");
        }
        String scheme = "turn://";
        int query = url.indexOf('?');
        if (query >= 0 && url.substring(query).contains("transport=tls")) {
            scheme = "turns://";
            url = url.substring(0, query);
        }
        return scheme + url;
    }
}
