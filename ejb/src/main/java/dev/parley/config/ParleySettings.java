package dev.parley.config;

import dev.parley.media.MediaServerAddress;

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
 * @param mediaServerUrls the pool of media servers ({@code parley.media-server.urls}), or null when unset
 */
public record ParleySettings(String mediaServerUrl, ProviderSelection providers, String mediaServerUrls) {

    /** With no pool: the single {@code mediaServerUrl}. */
    public ParleySettings(String mediaServerUrl, ProviderSelection providers) {
        this(mediaServerUrl, providers, null);
    }

    /** Every reason these settings cannot work, each naming its configuration key; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        mediaServerUrlProblem().ifPresent(problems::add);
        if (mediaServerUrls != null && !mediaServerUrls.isBlank()) {
            try {
                MediaServerAddress.parseList(mediaServerUrls);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
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
