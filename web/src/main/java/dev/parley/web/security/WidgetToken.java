package dev.parley.web.security;

import java.time.Duration;
import java.time.Instant;

/**
 * What a verified widget token grants.
 *
 * @param id                 a random id naming this token (for logs; never the signature)
 * @param expiresAt          after this instant the token is refused
 * @param maxSessionDuration how long a session opened with it may last
 * @param zone               the zone (lower case) whose media servers its sessions go to preferably, or null for any
 */
public record WidgetToken(String id, Instant expiresAt, Duration maxSessionDuration, String zone) {
}
