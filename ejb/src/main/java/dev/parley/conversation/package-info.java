/**
 * The conversation engine: one {@link dev.parley.conversation.ConversationEngine} per session
 * hears the user's 16 kHz audio frames, decides who holds the floor, and speaks the agent's replies.
 *
 * <pre>
 *  media thread                 session lane (one logical thread)                    provider threads
 *  acceptAudio ─ FrameSlicer ─▶ VadGate ─ PreRollBuffer ─▶ SpeechRecognizer.Utterance ──▶ STT
 *   (InboundAudioFrame in,       │ EndpointingPolicy: silence + final ◀──────────────────── partial/final
 *    cut once to the VAD's       │ InterruptionPolicy: barge-in? backchannel? false?
 *    size, VAD per frame,        │
 *    timed by its delivery)      │
 *                                ▼
 *                              AgentReply: LanguageModel ──▶ SpeakableChunker ──▶ SpeechSynthesizer
 *                                │   (tokens)                  (speakable chunks)     (one chunk at a time)
 *                                ▼
 *                              AgentAudioOutput.enqueue ──▶ RTP bridge, paced ──▶ onPlayed ─▶ PlayedTextTracker
 * </pre>
 *
 * <p>Every state change happens on the session's lane (a {@link dev.parley.conversation.SerialExecutor}
 * in production, a virtual clock in tests); every timing comes from one
 * {@link dev.parley.conversation.Clock}; every threshold lives in
 * {@link dev.parley.conversation.ConversationSettings}.
 */
package dev.parley.conversation;
