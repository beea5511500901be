package dev.parley.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One media server of the pool and its optional zone label, as written in
 * {@code parley.media-server.urls}: a comma-separated list of entries, each a Kurento-protocol URL,
 * optionally preceded by {@code <zone>=}, e.g. {@code eu-west=ws://a:8888/kurento,ws://b:8888/kurento}.
 * A URL scheme never holds {@code =}, so the prefix cannot be mistaken for part of the URL.
 *
 * @param url  ws:// or wss:// URL, secret included (never log it; see {@link MediaServerUrls#redact})
 * @param zone lower-case zone label, or null for a server of no zone
 */
public record MediaServerAddress(String url, String zone) {

    public static final String URLS = "parley.media-server.urls";

    /** A zone label: letters, digits, {@code . _ -}, at most 64 (it travels in the signalling start message too). */
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ZONED_ENTRY = Pattern.compile("([^=:/]+)=(.*)");

    /** A malformed URL is kept (the connection reports it when dialled, the configuration check names it); a malformed zone is not. */
    public MediaServerAddress {
        Objects.requireNonNull(url, "url");
        zone = normalizeZone(zone);
    }

    /** {@code label} as the policy compares it (lower case), or null when blank; rejects a malformed label. */
    public static String normalizeZone(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String z = label.strip();
        if (!ZONE.matcher(z).matches()) {
            throw new IllegalArgumentException("a zone label is letters, digits, '.', '_' or '-' (at most 64), got '"
                    + MediaServerUrls.redactWithin(z) + "'");
        }
        return z.toLowerCase(Locale.ROOT);
    }

    /**
     * The entries of {@code list} in order (the order breaks placement ties).
     *
     * @throws IllegalArgumentException naming {@value #URLS} and the entry when one is malformed or the list is empty
     */
    public static List<MediaServerAddress> parseList(String list) {
        List<MediaServerAddress> servers = new ArrayList<>();
        for (String raw : list == null ? new String[0] : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            var zoned = ZONED_ENTRY.matcher(entry);
            try {
                MediaServerAddress address = zoned.matches() ? new MediaServerAddress(zoned.group(2).strip(), zoned.group(1))
                        : new MediaServerAddress(entry, null);
                problem(address.url()).ifPresent(p -> {
                    throw new IllegalArgumentException(p);
                });
                servers.add(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(URLS + ": entry " + (servers.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(URLS + " names no media server: expected e.g. eu-west=ws://a:8888/kurento,ws://b:8888/kurento");
        }
        long distinct = servers.stream().map(MediaServerAddress::url).distinct().count();
        if (distinct != servers.size()) {
            throw new IllegalArgumentException(URLS + " names the same media server twice");
        }
        return List.copyOf(servers);
    }

    /** Why {@code url} cannot be a media server URL (the message shows it redacted), or empty. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("the media server URL is empty: expected e.g. ws://127.0.0.1:8888/kurento");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                return Optional.of("must be a ws:// or wss:// URL, got '" + MediaServerUrls.redact(url) + "'");
            }
            if (uri.getHost() == null) {
                return Optional.of("has no host: '" + MediaServerUrls.redact(url) + "'");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + MediaServerUrls.redactWithin(e.getMessage()));
        }
    }

    /** The URL as it may be shown (secret hidden). */
    public String displayUrl() {
        return MediaServerUrls.redact(url);
    }

    @Override
    public String toString() {
        return (zone == null ? "" : zone + "=") + displayUrl();
    }
}
