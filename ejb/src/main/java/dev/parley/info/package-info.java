/**
 * What a running Parley reports about itself (version, media server, active providers), served
 * at {@code GET /api/v1/info} by the web module.
 */
package dev.parley.info;
