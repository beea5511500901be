package dev.parley.web.signalling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in coturn's REST style ({@code use-auth-secret}): the username is
 * {@code expiryEpochSeconds:user} and the password {@code base64(HMAC-SHA1(secret, username))}, so
 * coturn checks them with the shared secret alone and refuses them after the expiry.
 */
public final class TurnCredentials {

    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;

    public TurnCredentials(String sharedSecret, Duration lifetime, Clock clock) {
        if (sharedSecret == null || sharedSecret.isEmpty()) {
            throw new IllegalArgumentException("TurnCredentials needs a non-empty shared secret (" + SignallingSettings.TURN_SECRET + ")");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException(SignallingSettings.TURN_TTL + " must be positive, got " + lifetime.toSeconds());
        }
        this.secret = sharedSecret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Fresh credentials for {@code user} (any label; a colon in it is replaced because coturn splits on the first one). */
    public IceServer issue(java.util.List<String> turnUrls, String user) {
        long expiry = clock.instant().plus(lifetime).getEpochSecond();
        String username = expiry + ":" + user.replace(':', '_');
        return new IceServer(turnUrls, username, password(username));
    }

    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TurnCredentials: HmacSHA1 is not available in this JVM", e);
        }
    }
}
