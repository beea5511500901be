/**
 * Live voice sessions: each {@link dev.parley.session.VoiceSession} joins one session's media
 * ({@link dev.parley.media.SessionMedia}), its RTP audio bridge and its conversation engine, and
 * the {@link dev.parley.session.SessionRegistry} keeps the live ones.
 *
 * <pre>
 *   browser ⇄ media server ⇄ RtpAudioBridge ──InboundAudioFrame──▶ ConversationEngine.acceptAudio
 *                                  ▲                                  │
 *                                  └── BridgeAudioOutput ◀── agent speech (enqueue / pause / resume / flush)
 * </pre>
 */
package dev.parley.session;
