package dev.parley.web.signalling;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every tunable of the signalling socket, read from MicroProfile Config.
 *
 * @param stunUrls              {@value #STUN_URLS}: STUN URLs for the browser, comma separated (e.g. {@code stun:stun.example.com:3478})
 * @param turnUrls              {@value #TURN_URLS}: TURN URLs for the browser, comma separated (e.g. {@code turn:turn.example.com:3478?transport=udp})
 * @param turnSecret            {@value #TURN_SECRET}: coturn's {@code static-auth-secret}
 * @param turnCredentialTtl     {@value #TURN_TTL}: how long issued TURN credentials stay valid
 * @param maxMessageChars       {@value #MAX_MESSAGE_CHARS}: larger client messages are refused with an error
 * @param maxSessionsPerToken   {@value #MAX_SESSIONS_PER_TOKEN}: live voice sessions one token may hold
 * @param languages             {@value #LANGUAGES}: BCP 47 language ranges the configured speech providers understand
 *                              (default {@code en}); a {@code start} in another language is refused
 * @param maxSessionsPerClient  {@value #MAX_SESSIONS_PER_CLIENT}: live voice sessions the connections without a widget
 *                              token (demo mode) of one peer address may hold together (default 2)
 */
public record SignallingSettings(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration turnCredentialTtl,
                                 int maxMessageChars, int maxSessionsPerToken, List<String> languages, int maxSessionsPerClient) {

    public static final String STUN_URLS = "parley.signalling.stun-urls";
    public static final String TURN_URLS = "parley.signalling.turn-urls";
    public static final String TURN_SECRET = "parley.signalling.turn-secret";
    public static final String TURN_TTL = "parley.signalling.turn-credential-ttl-seconds";
    public static final String MAX_MESSAGE_CHARS = "parley.signalling.max-message-chars";
    public static final String MAX_SESSIONS_PER_TOKEN = "parley.signalling.max-sessions-per-token";
    public static final String LANGUAGES = "parley.signalling.languages";
    public static final String MAX_SESSIONS_PER_CLIENT = "parley.limits.max-sessions-per-client";
    /** The embedded providers (pocketsphinx's en-us model, flite's voices) speak English. */
    public static final String DEFAULT_LANGUAGES = "en";

    public SignallingSettings {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
        languages = List.copyOf(languages);
        if (languages.isEmpty()) {
            throw new IllegalArgumentException(LANGUAGES + " must name at least one language (e.g. en), got none");
        }
        if (!turnUrls.isEmpty() && (turnSecret == null || turnSecret.isEmpty())) {
            throw new IllegalArgumentException(TURN_URLS + " is set but " + TURN_SECRET + " is empty: TURN credentials cannot be issued");
        }
        if (maxMessageChars < 1024) {
            throw new IllegalArgumentException(MAX_MESSAGE_CHARS + " must be at least 1024 (an SDP offer is ~1-4 KiB), got " + maxMessageChars);
        }
        if (maxSessionsPerToken < 1) {
            throw new IllegalArgumentException(MAX_SESSIONS_PER_TOKEN + " must be at least 1, got " + maxSessionsPerToken);
        }
        if (maxSessionsPerClient < 1) {
            throw new IllegalArgumentException(MAX_SESSIONS_PER_CLIENT + " must be at least 1, got " + maxSessionsPerClient);
        }
    }

    public SignallingSettings(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration turnCredentialTtl,
                              int maxMessageChars, int maxSessionsPerToken, List<String> languages) {
        this(stunUrls, turnUrls, turnSecret, turnCredentialTtl, maxMessageChars, maxSessionsPerToken, languages, 2);
    }

    /** Reads the settings through {@code lookup} (a Config's getOptionalValue as String), with the documented defaults. */
    public static SignallingSettings from(Function<String, Optional<String>> lookup) {
        return new SignallingSettings(
                list(lookup.apply(STUN_URLS)),
                list(lookup.apply(TURN_URLS)),
                lookup.apply(TURN_SECRET).orElse(""),
                Duration.ofSeconds(number(TURN_TTL, lookup.apply(TURN_TTL), 3600)),
                (int) number(MAX_MESSAGE_CHARS, lookup.apply(MAX_MESSAGE_CHARS), 65_536),
                (int) number(MAX_SESSIONS_PER_TOKEN, lookup.apply(MAX_SESSIONS_PER_TOKEN), 2),
                list(Optional.of(lookup.apply(LANGUAGES).orElse(DEFAULT_LANGUAGES))),
                (int) number(MAX_SESSIONS_PER_CLIENT, lookup.apply(MAX_SESSIONS_PER_CLIENT), 2));
    }

    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    private static long number(String key, Optional<String> value, long fallback) {
        try {
            return value.map(String::strip).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value.get() + "'", e);
        }
    }
}
