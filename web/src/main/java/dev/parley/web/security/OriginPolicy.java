package dev.parley.web.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a page's Origin may open the signalling socket: one of the configured origins
 * ({@code parley.security.allowed-origins}, e.g. {@code https://portal.example.com}; {@code *}
 * allows any), the origin of Parley's public URL ({@code parley.security.public-url}), and
 * always a loopback page served by the same Parley (the demo on {@code http://127.0.0.1:8080}):
 * the Host header alone is not trusted, because a DNS-rebinding page controls it (its own name
 * resolved to Parley's address), but such a page never has a loopback origin.
 */
public final class OriginPolicy {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final List<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this(allowedOrigins, Optional.empty());
    }

    /** @param publicOrigin the origin of the public URL ({@link SecuritySettings#publicOrigin()}), always allowed when set */
    public OriginPolicy(List<String> allowedOrigins, Optional<String> publicOrigin) {
        List<String> all = new ArrayList<>(allowedOrigins.stream().map(OriginPolicy::normalise).toList());
        publicOrigin.map(OriginPolicy::normalise).ifPresent(all::add);
        this.allowed = List.copyOf(all);
    }

    /**
     * @param origin     the request's Origin header (null when the client sent none: refused)
     * @param serverHost the Host header the request came in on, for the loopback default
     */
    public boolean allows(String origin, String serverHost) {
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            return false;
        }
        String normalised = normalise(origin);
        // Parley's own loopback page (the demo) whatever is configured: listing a portal's origin
        // must not lock it out, and a rebinding page never has a loopback origin.
        if (serverHost != null && isLoopback(normalised) && hostAndPort(normalised).equalsIgnoreCase(serverHost.strip())) {
            return true;
        }
        return allowed.contains("*") || allowed.contains(normalised);
    }

    private static boolean isLoopback(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = String.valueOf(uri.getScheme());
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String hostAndPort(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getPort() < 0 ? String.valueOf(uri.getHost()) : uri.getHost() + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
