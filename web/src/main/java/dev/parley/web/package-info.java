/**
 * Parley's web boundary: the REST API ({@code /parley/api}), the signalling WebSocket
 * ({@code /parley/ws/session}) and the demo page. Boundaries stay thin: they decode, delegate to
 * the EJB module and encode.
 */
package dev.parley.web;
