package dev.parley.web.signalling;

import java.time.Duration;

/**
 * A connection that passed {@link AccessGate}.
 *
 * @param quotaKey           what {@link SessionQuota} counts this connection's sessions under: the verified token's id,
 *                           or (demo mode without a token) one key per connection
 * @param maxSessionDuration how long one voice session of this connection may last
 * @param who                for logs: {@code token <id>} or {@code demo}; never the token's text
 */
record Admission(String quotaKey, Duration maxSessionDuration, String who) {
}
