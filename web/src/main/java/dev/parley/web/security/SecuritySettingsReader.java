package dev.parley.web.security;

import dev.parley.conversation.ConversationSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads {@link SecuritySettings} from MicroProfile Config. Keys:
 * {@code parley.security.users} (names), {@code parley.security.user.<name>.password},
 * {@code parley.security.user.<name>.groups}, {@code parley.security.api-keys},
 * {@code parley.security.token-secret}, {@code parley.security.token-lifetime-seconds},
 * {@code parley.security.demo-mode}, {@code parley.security.allowed-origins}, {@code parley.security.public-url},
 * {@code parley.security.login.max-failures}, {@code parley.security.login.window-seconds},
 * {@code parley.limits.max-concurrent-sessions}, {@code parley.limits.max-session-seconds},
 * {@code parley.limits.max-messages-per-second}, {@code parley.limits.max-request-body-bytes}.
 */
@ApplicationScoped
public class SecuritySettingsReader {

    static final int DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
    static final int DEFAULT_MAX_CONCURRENT_SESSIONS = 20;
    static final int DEFAULT_MAX_SESSION_SECONDS = (int) ConversationSettings.DEFAULT_SESSION_LIMIT_SECONDS;
    static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 50;
    static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * 1024;
    static final int DEFAULT_LOGIN_MAX_FAILURES = 10;
    static final int DEFAULT_LOGIN_WINDOW_SECONDS = 300;
    private static final int MIN_SECRET_BYTES = 32;

    /** When no secret is configured: random per start, so tokens die with the process. */
    private final byte[] fallbackSecret = randomSecret();

    /** Dependent (a record cannot be proxied): each bean that injects it reads the configuration once. */
    @Produces
    SecuritySettings settings() {
        return read(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class), fallbackSecret);
    }

    /** Reads the settings through {@code values} (a key to its value, if any); bad values fail naming their key. */
    public static SecuritySettings read(Function<String, Optional<String>> values, byte[] fallbackSecret) {
        Map<String, SecuritySettings.User> users = new LinkedHashMap<>();
        for (String name : list(values, "parley.security.users")) {
            String passwordKey = "parley.security.user." + name + ".password";
            String password = values.apply(passwordKey).map(String::strip).filter(p -> !p.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException(passwordKey + " is not set: user " + name + " needs a password"));
            if (!PasswordHashes.isHash(password)) {
                // Refused rather than accepted with a warning: a plain-text password in a config file is a leak waiting to happen.
                throw new IllegalArgumentException(passwordKey + " is not a PBKDF2 password hash; plain-text passwords are refused."
                        + " Make a hash with: ./parley hash-password (see docs/deployment.md)");
            }
            users.put(name, new SecuritySettings.User(name, password,
                    new LinkedHashSet<>(list(values, "parley.security.user." + name + ".groups"))));
        }
        byte[] secret = values.apply("parley.security.token-secret").filter(s -> !s.isEmpty())
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(fallbackSecret);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("parley.security.token-secret must be at least " + MIN_SECRET_BYTES
                    + " characters long, was " + secret.length);
        }
        return new SecuritySettings(Map.copyOf(users), Set.copyOf(list(values, "parley.security.api-keys")), secret,
                Duration.ofSeconds(positive(values, "parley.security.token-lifetime-seconds", DEFAULT_TOKEN_LIFETIME_SECONDS)),
                values.apply("parley.security.demo-mode").map(String::strip).map(Boolean::parseBoolean).orElse(false),
                list(values, "parley.security.allowed-origins"),
                values.apply(PUBLIC_URL).map(String::strip).filter(s -> !s.isEmpty()).map(SecuritySettingsReader::origin),
                positive(values, "parley.limits.max-concurrent-sessions", DEFAULT_MAX_CONCURRENT_SESSIONS),
                Duration.ofSeconds(positive(values, ConversationSettings.SESSION_LIMIT_KEY, DEFAULT_MAX_SESSION_SECONDS)),
                positive(values, "parley.limits.max-messages-per-second", DEFAULT_MAX_MESSAGES_PER_SECOND),
                positive(values, "parley.limits.max-request-body-bytes", DEFAULT_MAX_REQUEST_BODY_BYTES),
                positive(values, "parley.security.login.max-failures", DEFAULT_LOGIN_MAX_FAILURES),
                Duration.ofSeconds(positive(values, "parley.security.login.window-seconds", DEFAULT_LOGIN_WINDOW_SECONDS)));
    }

    static final String PUBLIC_URL = "parley.security.public-url";

    /** The origin of an absolute http(s) URL, lower-cased, with the scheme's default port left out. */
    static String origin(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PUBLIC_URL + " is not a URL: '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(PUBLIC_URL + " must be an absolute http or https URL such as"
                    + " https://parley.example.com, was '" + url + "'");
        }
        boolean defaultPort = uri.getPort() < 0 || scheme.equals("http") && uri.getPort() == 80
                || scheme.equals("https") && uri.getPort() == 443;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
    }

    private static List<String> list(Function<String, Optional<String>> values, String key) {
        return values.apply(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toList())).orElse(List.of());
    }

    private static int positive(Function<String, Optional<String>> values, String key, int fallback) {
        Optional<String> value = values.apply(key).map(String::strip);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, was '" + value.get() + "'");
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** For tests and tools reading a plain {@link Config}. */
    public static SecuritySettings read(Config config) {
        return read(key -> config.getOptionalValue(key, String.class), randomSecret());
    }
}
