/**
 * MicroProfile Health checks, served at {@code /health/ready}. Each dependency Parley needs before
 * it can take calls gets its own {@code @Readiness} class here: today the configuration
 * ({@link dev.parley.health.ConfigurationReadinessCheck}); the media server check (a Kurento
 * client connection to {@code parley.media-server.url}) plugs in beside it as
 * {@code MediaServerReadinessCheck} once the session layer owns that connection.
 */
package dev.parley.health;
