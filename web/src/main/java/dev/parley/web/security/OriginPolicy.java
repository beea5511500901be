package dev.parley.web.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Whether a page's Origin may open the signalling socket: one of the configured origins
 * ({@code parley.security.allowed-origins}, e.g. {@code https://portal.example.com}; {@code *}
 * allows any), or, with none configured, only pages served by Parley's own host.
 */
public final class OriginPolicy {

    private final List<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).toList();
    }

    /**
     * @param origin     the request's Origin header (null when the client sent none: refused)
     * @param serverHost the Host header the request came in on, for the same-host default
     */
    public boolean allows(String origin, String serverHost) {
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            return false;
        }
        String normalised = normalise(origin);
        if (allowed.isEmpty()) {
            return serverHost != null && hostAndPort(normalised).equalsIgnoreCase(serverHost.strip());
        }
        return allowed.contains("*") || allowed.contains(normalised);
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
