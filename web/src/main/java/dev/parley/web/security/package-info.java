/**
 * Who may use Parley: administrators authenticate with HTTP Basic against users from configuration
 * and need the {@code admin} group ({@link dev.parley.web.security.AdminAuthenticationMechanism});
 * widgets connect with short-lived HMAC-signed tokens that a portal backend obtains with an API key
 * ({@link dev.parley.web.security.WidgetTokens}); the signalling socket checks the Origin
 * ({@link dev.parley.web.security.OriginPolicy}). Every key is read by {@link dev.parley.web.security.SecuritySettings}.
 */
package dev.parley.web.security;
