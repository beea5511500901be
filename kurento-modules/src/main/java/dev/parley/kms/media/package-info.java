/**
 * The contract between the Kurento protocol layer (objects, sessions, events, SDP state machine,
 * connection tables) and the GStreamer media engine that moves audio. The protocol layer owns
 * every Kurento rule (error codes, one-source-per-sink, renegotiation refusal, event fan-out);
 * the engine owns GStreamer and reports what the media does through {@link MediaEventSink}.
 *
 * <p>All media between elements of one pipeline is raw audio (48 kHz, S16LE, stereo), like
 * KMS's own mixer format; endpoints decode on the way in and encode on the way out.
 */
package dev.parley.kms.media;
