/**
 * The signalling WebSocket: typed JSON-B messages between the widget and Parley (start with an SDP
 * offer, answer, trickle ICE both ways, captions, state, per-turn metrics, errors, end), wired to
 * {@link dev.parley.session.SessionRegistry}. The protocol is documented in docs/signalling.md.
 */
package dev.parley.web.signalling;
