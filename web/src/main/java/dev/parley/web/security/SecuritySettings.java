package dev.parley.web.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * @param allowedOrigins              origins whose pages may open the signalling socket, besides the public URL's
 * @param publicOrigin                the origin ({@code scheme://host[:port]}) of {@code parley.security.public-url}, if set
 * @param maxConcurrentSessions       live sessions at most
 * @param maxSessionDuration          a session's maximum length
 * @param maxMessagesPerSecond        signalling messages one connection may send per second
 * @param maxRequestBodyBytes         REST request bodies above this are refused (413)
 * @param loginMaxFailures            failed logins per client address and per user name within {@code loginWindow} before
 *                                    further attempts are refused (429)
 * @param loginWindow                 the throttle's window
 */
public record SecuritySettings(Map<String, User> users, Set<String> apiKeys, byte[] tokenSecret, Duration tokenLifetime,
                               boolean demoMode, List<String> allowedOrigins, Optional<String> publicOrigin,
                               int maxConcurrentSessions, Duration maxSessionDuration, int maxMessagesPerSecond,
                               int maxRequestBodyBytes, int loginMaxFailures, Duration loginWindow) {

    /** An API user: the PBKDF2 hash of the password ({@link PasswordHashes}) and groups (the {@code admin} group may use the admin API). */
    public record User(String name, String passwordHash, Set<String> groups) {
        @Override
        public String toString() {
            return "User[" + name + ", groups=" + groups + "]";
        }
    }

    @Override
    public String toString() {
        return "SecuritySettings[users=" + users.keySet() + ", apiKeys=" + apiKeys.size() + ", tokenLifetime=" + tokenLifetime
                + ", demoMode=" + demoMode + ", allowedOrigins=" + allowedOrigins + ", publicOrigin=" + publicOrigin
                + ", maxConcurrentSessions=" + maxConcurrentSessions
                + ", maxSessionDuration=" + maxSessionDuration + ", maxMessagesPerSecond=" + maxMessagesPerSecond
                + ", maxRequestBodyBytes=" + maxRequestBodyBytes + ", loginMaxFailures=" + loginMaxFailures
                + ", loginWindow=" + loginWindow + "]";
    }
}
