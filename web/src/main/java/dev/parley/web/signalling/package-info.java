/**
 * The signalling WebSocket: typed JSON-B messages between the widget and Parley (today the
 * ping/pong that proves the wiring; SDP and ICE exchange join here).
 */
package dev.parley.web.signalling;
