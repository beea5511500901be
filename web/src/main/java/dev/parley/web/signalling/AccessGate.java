package dev.parley.web.signalling;

import dev.parley.web.security.InvalidTokenException;
import dev.parley.web.security.OriginPolicy;
import dev.parley.web.security.WidgetToken;
import java.time.Duration;

/**
 * Who may open the signalling socket: a page of an allowed origin (every client must send one:
 * non-browser clients send one from the allowed list) presenting a valid widget token. In demo
 * mode a connection without a token is let in too, each under a quota key of its own and, so
 * that one client cannot take every slot by opening many connections, counted by its peer
 * address (not X-Forwarded-For, which the client writes); a token that is presented is verified
 * all the same. Pure logic; the socket sends the refusal.
 */
final class AccessGate {

    static final String ALLOWED_ORIGINS_KEY = "parley.security.allowed-origins";

    /** Verifies a widget token's text (the container's WidgetTokenService, a WidgetTokens in tests). */
    @FunctionalInterface
    interface TokenVerifier {
        WidgetToken verify(String text) throws InvalidTokenException;
    }

    private final OriginPolicy origins;
    private final TokenVerifier tokens;
    private final boolean demoMode;
    private final Duration maxSessionDuration;

    /**
     * @param maxSessionDuration the server's limit ({@code parley.limits.max-session-seconds}); a token may only shorten it
     */
    AccessGate(OriginPolicy origins, TokenVerifier tokens, boolean demoMode, Duration maxSessionDuration) {
        this.origins = origins;
        this.tokens = tokens;
        this.demoMode = demoMode;
        this.maxSessionDuration = maxSessionDuration;
    }

    /**
     * @param handshake    what the client's handshake said
     * @param token        the {@code token} query parameter, null or blank when absent
     * @param connectionId distinguishes demo connections without a token
     * @throws AccessRefused naming the refusal's code: {@code origin-refused}, {@code token-required},
     *                       {@code token-refused} or {@code token-expired}
     */
    Admission admit(Handshake handshake, String token, String connectionId) throws AccessRefused {
        if (!origins.allows(handshake.origin(), handshake.host())) {
            throw new AccessRefused(SignallingError.ORIGIN_REFUSED, handshake.origin() == null
                    ? "the connection sent no Origin header; browsers always do, other clients must send one of "
                            + ALLOWED_ORIGINS_KEY
                    : "pages of " + printable(handshake.origin()) + " may not use this server; the operator can add the origin to "
                            + ALLOWED_ORIGINS_KEY);
        }
        if (token == null || token.isBlank()) {
            if (demoMode) {
                String address = handshake.remoteAddress();
                return new Admission("demo-" + connectionId, maxSessionDuration, "demo",
                        "address " + (address == null || address.isBlank() ? "unknown" : address), null);
            }
            throw new AccessRefused(SignallingError.TOKEN_REQUIRED,
                    "a widget token is required (?token=...); the portal's backend obtains one with POST /api/v1/tokens");
        }
        WidgetToken verified;
        try {
            verified = tokens.verify(token.strip());
        } catch (InvalidTokenException e) {
            throw new AccessRefused(e.reason() == InvalidTokenException.Reason.EXPIRED ? SignallingError.TOKEN_EXPIRED
                    : SignallingError.TOKEN_REFUSED, e.getMessage());
        }
        Duration limit = verified.maxSessionDuration().compareTo(maxSessionDuration) < 0 ? verified.maxSessionDuration() : maxSessionDuration;
        return new Admission(verified.id(), limit, "token " + verified.id(), null, verified.zone());
    }

    /** An Origin is the client's text: shown cut and without control characters. */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= 100 ? text : text.substring(0, 100) + "...";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
