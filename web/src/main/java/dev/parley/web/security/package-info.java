/**
 * Who may use Parley: administrators authenticate with HTTP Basic against users from configuration
 * with PBKDF2-hashed passwords ({@link dev.parley.web.security.AdminAuthenticationMechanism}, failed
 * logins throttled by {@link dev.parley.web.security.LoginThrottle}) and need the {@code admin} role,
 * which the container and {@link dev.parley.web.security.AdminApiAuthorization} enforce;
 * widgets connect with short-lived HMAC-signed tokens that a portal backend obtains with an API key
 * ({@link dev.parley.web.security.WidgetTokens}); the signalling socket checks the Origin
 * ({@link dev.parley.web.security.OriginPolicy}). Every key is read by {@link dev.parley.web.security.SecuritySettings}.
 */
package dev.parley.web.security;
