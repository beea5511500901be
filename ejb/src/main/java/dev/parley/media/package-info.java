/**
 * Media orchestration: Parley's media servers (a pool, one connection each) and, per session, the
 * Kurento pipeline that links the browser to the RTP audio bridge.
 *
 * <pre>
 *   MediaServerConnection (CDI) ── MediaServerPool ── PlacementPolicy (which server a new session goes to)
 *                                        │  health rounds: hold out a failing server, rejoin it with backoff
 *                                        └─ per server: KurentoConnection ── KurentoClient (reconnects forever)
 *                                              tracks every live SessionMedia; a lost or new server ends them
 *   SessionMedia (one per session)
 *     MediaPipeline
 *       WebRtcEndpoint (browser, trickle ICE through IceSignalling) ⇄ RtpEndpoint (agent) ⇄ RtpAudioBridge
 *       [recording on] Composite ◀ HubPort ◀ both legs;  HubPort ▶ RecorderEndpoint (WEBM_AUDIO_ONLY)
 * </pre>
 *
 * <p>Only org.kurento:kurento-client is used, so the same code drives the embedded server and a
 * real Kurento Media Server 7.x.
 */
package dev.parley.media;
