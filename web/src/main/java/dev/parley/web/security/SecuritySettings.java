package dev.parley.web.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Security and limits, from MicroProfile Config ({@link SecuritySettingsReader}). Secrets live only
 * here and in the config source; {@link #toString()} never shows them.
 *
 * @param users                       administrators and other API users by name
 * @param apiKeys                     keys a portal backend presents to obtain widget tokens
 * @param tokenSecret                 HMAC-SHA256 key of widget tokens
 * @param tokenLifetime               how long an issued widget token is accepted
 * @param demoMode                    widgets may connect without a token (for the demo page only)
 * @param allowedOrigins              origins whose pages may open the signalling socket; empty: same host only
 * @param maxConcurrentSessions       live sessions at most
 * @param maxSessionDuration          a session's maximum length
 * @param maxMessagesPerSecond        signalling messages one connection may send per second
 * @param maxRequestBodyBytes         REST request bodies above this are refused (413)
 */
public record SecuritySettings(Map<String, User> users, Set<String> apiKeys, byte[] tokenSecret, Duration tokenLifetime,
                               boolean demoMode, List<String> allowedOrigins, int maxConcurrentSessions,
                               Duration maxSessionDuration, int maxMessagesPerSecond, int maxRequestBodyBytes) {

    /** An API user: password and groups (the {@code admin} group may use the admin API). */
    public record User(String name, String password, Set<String> groups) {
        @Override
        public String toString() {
            return "User[" + name + ", groups=" + groups + "]";
        }
    }

    @Override
    public String toString() {
        return "SecuritySettings[users=" + users.keySet() + ", apiKeys=" + apiKeys.size() + ", tokenLifetime=" + tokenLifetime
                + ", demoMode=" + demoMode + ", allowedOrigins=" + allowedOrigins + ", maxConcurrentSessions=" + maxConcurrentSessions
                + ", maxSessionDuration=" + maxSessionDuration + ", maxMessagesPerSecond=" + maxMessagesPerSecond
                + ", maxRequestBodyBytes=" + maxRequestBodyBytes + "]";
    }
}
