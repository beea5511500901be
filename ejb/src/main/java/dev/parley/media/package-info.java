/**
 * Media orchestration: Parley's one connection to the media server and, per session, the Kurento
 * pipeline that links the browser to the RTP audio bridge.
 *
 * <pre>
 *   MediaServerConnection (CDI)  ── KurentoConnection ── KurentoClient (reconnects forever)
 *                                        │  tracks every live SessionMedia; a lost or new server ends them
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
