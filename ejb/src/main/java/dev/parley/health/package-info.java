/**
 * MicroProfile Health checks, served at {@code /health/ready}. Each dependency Parley needs before
 * it can take calls has its own {@code @Readiness} class: the configuration
 * ({@link dev.parley.health.ConfigurationReadinessCheck}, check {@code parley-configuration}) lives
 * here; the media server connection is checked where that connection is owned
 * ({@code dev.parley.media.MediaServerReadinessCheck}, check {@code parley-media-server}).
 */
package dev.parley.health;
