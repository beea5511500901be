package dev.parley.kms.access;

import io.netty.util.NetUtil;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which WebSocket handshakes may carry an {@code Origin} header. Any web page may open a WebSocket
 * to 127.0.0.1, and browsers always send the page's origin, so an origin is refused unless it is
 * listed or it is the server's own address.
 *
 * <p>The server's own address: the Kurento Java client's WebSocket (Netty's handshaker) sends
 * {@code Origin: http://<host>:<port>} of the URL it connects to, the same host and port as its
 * {@code Host} header. A browser sends that only for a page served from this very host and port,
 * which serve no pages, or for a DNS-rebinding page, whose host is a name the attacker controls.
 * So the own origin is accepted when its host is an IP literal or {@code localhost}, which no
 * rebinding can use, or when a secret is set, which a rebinding page does not know.
 */
public final class OriginPolicy {
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+");
    private final Set<String> allowed;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    /**
     * @param origins exact origins such as {@code https://app.example.com:8443}; empty refuses every browser
     * @throws IllegalArgumentException for an entry that is not {@code scheme://host[:port]}, which no browser would send
     */
    public static OriginPolicy allowing(List<String> origins) {
        for (String origin : origins) {
            if (!ORIGIN.matcher(canonical(origin)).matches()) {
                throw new IllegalArgumentException("setting 'allowedOrigins': '" + origin
                        + "' is not an origin (scheme://host[:port], e.g. https://app.example:8443)");
            }
        }
        return new OriginPolicy(origins.stream().map(OriginPolicy::canonical).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * @param origin    the request's Origin header, or null when it has none
     * @param host      the request's Host header, or null
     * @param secretSet whether the handshake must also carry the secret
     */
    public boolean allows(String origin, String host, boolean secretSet) {
        if (origin == null) {
            return true;
        }
        String canonical = canonical(origin);
        return allowed.contains(canonical) || isOwnOrigin(canonical, host, secretSet);
    }

    private static boolean isOwnOrigin(String origin, String host, boolean secretSet) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (!origin.equals("http://" + h) && !origin.equals("https://" + h)) {
            return false;
        }
        return secretSet || isLiteralOrLocalhost(hostName(h));
    }

    /** The host of a Host header: without the port, and without the brackets of an IPv6 literal. */
    private static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(1, end);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static boolean isLiteralOrLocalhost(String name) {
        return name.equals("localhost") || NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name);
    }

    /** Scheme and host are case-insensitive (RFC 6454); a trailing slash is not part of an origin. */
    private static String canonical(String origin) {
        String s = origin.trim().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public List<String> allowed() {
        return List.copyOf(allowed);
    }
}
