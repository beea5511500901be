package dev.parley.web.signalling;

import java.time.Duration;

/**
 * A connection that passed {@link AccessGate}.
 *
 * @param quotaKey           what {@link SessionQuota} counts this connection's sessions under: the verified token's id,
 *                           or (demo mode without a token) one key per connection
 * @param maxSessionDuration how long one voice session of this connection may last
 * @param who                for logs: {@code token <id>} or {@code demo}; never the token's text
 * @param clientKey          what the per-client bound ({@code parley.limits.max-sessions-per-client}) counts this
 *                           connection's sessions under: its peer address for a connection without a token (demo mode),
 *                           null for a token's connection (its token's quota bounds it)
 * @param zone               the zone the token names (its sessions' media preferably there), or null
 */
record Admission(String quotaKey, Duration maxSessionDuration, String who, String clientKey, String zone) {

    Admission(String quotaKey, Duration maxSessionDuration, String who) {
        this(quotaKey, maxSessionDuration, who, null, null);
    }
}
