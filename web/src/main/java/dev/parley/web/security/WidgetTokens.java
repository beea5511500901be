package dev.parley.web.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies widget tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))},
 * the payload being {@code v1|id|expiry epoch seconds|max session seconds|zone} (the zone empty when
 * the token names none; tokens issued before zones had no fifth field and are still read). Pure
 * logic; thread-safe.
 */
public final class WidgetTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 512;

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public WidgetTokens(byte[] secret, Duration lifetime, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new token valid for the configured lifetime, naming no zone. */
    public Issued issue(Duration maxSessionDuration) {
        return issue(maxSessionDuration, null);
    }

    /**
     * A new token valid for the configured lifetime.
     *
     * @param zone a zone label as {@code MediaServerAddress.normalizeZone} gives it (no '|'), or null
     */
    public Issued issue(Duration maxSessionDuration, String zone) {
        if (zone != null && (zone.isEmpty() || zone.contains("|"))) {
            throw new IllegalArgumentException("not a zone label: " + zone);
        }
        byte[] idBytes = new byte[12];
        random.nextBytes(idBytes);
        WidgetToken token = new WidgetToken(HexFormat.of().formatHex(idBytes),
                clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), maxSessionDuration, zone);
        String payload = String.join("|", VERSION, token.id(), Long.toString(token.expiresAt().getEpochSecond()),
                Long.toString(maxSessionDuration.toSeconds()), zone == null ? "" : zone);
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        return new Issued(ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(sign(payloadBytes)), token);
    }

    /** The token as issued: its text for the widget and what it grants. */
    public record Issued(String text, WidgetToken token) {
        @Override
        public String toString() {
            return "Issued[" + token + "]";
        }
    }

    /**
     * Verifies a token's signature and expiry.
     *
     * @throws InvalidTokenException naming why it is refused
     */
    public WidgetToken verify(String text) throws InvalidTokenException {
        if (text == null || text.isBlank()) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, "no widget token");
        }
        if (text.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the widget token is too long to be one of ours");
        }
        int dot = text.indexOf('.');
        if (dot < 0 || dot != text.lastIndexOf('.')) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the widget token is malformed: expected payload.signature");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(text.substring(0, dot));
            signature = DECODER.decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the widget token is malformed: not base64url");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.FORGED, "the widget token's signature is wrong (forged or from another server)");
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (fields.length < 4 || fields.length > 5 || !VERSION.equals(fields[0])) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the widget token has an unknown format");
        }
        WidgetToken token;
        try {
            token = new WidgetToken(fields[1], Instant.ofEpochSecond(Long.parseLong(fields[2])),
                    Duration.ofSeconds(Long.parseLong(fields[3])), fields.length == 5 && !fields[4].isEmpty() ? fields[4] : null);
        } catch (NumberFormatException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "the widget token has an unknown format");
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "the widget token expired at " + token.expiresAt());
        }
        return token;
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

}
