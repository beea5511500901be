package dev.parley.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;

/**
 * The container's widget-token issuer and verifier, and the signalling socket's checks: call
 * {@link #verify} with the token the widget presents (or skip it when {@link #demoMode()}), and
 * {@link #originPolicy()} with the handshake's Origin.
 */
@ApplicationScoped
public class WidgetTokenService {

    @Inject
    SecuritySettings settings;

    private WidgetTokens tokens;
    private OriginPolicy origins;

    @jakarta.annotation.PostConstruct
    void init() {
        tokens = new WidgetTokens(settings.tokenSecret(), settings.tokenLifetime(), Clock.systemUTC());
        origins = new OriginPolicy(settings.allowedOrigins(), settings.publicOrigin());
    }

    /** Whether {@code apiKey} is one of the configured API keys (constant time per key). */
    public boolean isApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return false;
        }
        byte[] presented = apiKey.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (String key : settings.apiKeys()) {
            found |= MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), presented);
        }
        return found;
    }

    /** @param zone a normalised zone label, or null */
    public WidgetTokens.Issued issue(String zone) {
        return tokens.issue(settings.maxSessionDuration(), zone);
    }

    /** @throws InvalidTokenException when the token is malformed, forged or expired */
    public WidgetToken verify(String token) throws InvalidTokenException {
        return tokens.verify(token);
    }

    public boolean demoMode() {
        return settings.demoMode();
    }

    public OriginPolicy originPolicy() {
        return origins;
    }

    public SecuritySettings settings() {
        return settings;
    }
}
