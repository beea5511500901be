package dev.parley.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parley's deployment settings as read from MicroProfile Config. Values are kept as given so that
 * a bad one can be reported (by {@link #problems()} and the readiness check) instead of failing
 * the deployment.
 *
 * @param mediaServerUrl Kurento-protocol WebSocket URL ({@code parley.media-server.url})
 * @param providers      the active provider of each SPI
 */
public record ParleySettings(String mediaServerUrl, ProviderSelection providers) {

    /** Every reason these settings cannot work, each naming its configuration key; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        mediaServerUrlProblem().ifPresent(problems::add);
        for (Map.Entry<String, String> role : providers.byRole().entrySet()) {
            if (role.getValue() == null || role.getValue().isBlank()) {
                problems.add(SettingsKeys.providerKey(role.getKey()) + " is empty: name a provider");
            }
        }
        return problems;
    }

    private Optional<String> mediaServerUrlProblem() {
        String key = SettingsKeys.MEDIA_SERVER_URL;
        if (mediaServerUrl == null || mediaServerUrl.isBlank()) {
            return Optional.of(key + " is empty: expected e.g. ws://127.0.0.1:8888/kurento");
        }
        try {
            URI uri = new URI(mediaServerUrl);
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                return Optional.of(key + " must be a ws:// or wss:// URL, got '" + mediaServerUrl + "'");
            }
            if (uri.getHost() == null) {
                return Optional.of(key + " has no host: '" + mediaServerUrl + "'");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(key + " is not a URL: " + e.getMessage());
        }
    }
}
