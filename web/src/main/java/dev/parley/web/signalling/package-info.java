/**
 * The signalling WebSocket: typed JSON-B messages between the widget and Parley (start with an SDP
 * offer, answer, trickle ICE both ways, captions, state, per-turn metrics, errors, end), wired to
 * {@link dev.parley.session.SessionRegistry}. Who may connect is decided when the socket opens
 * ({@link dev.parley.web.signalling.AccessGate}: Origin and widget token); what a connection may do
 * is limited per token, per server, per second and per session duration. The protocol is
 * documented in docs/signalling.md.
 */
package dev.parley.web.signalling;
