/**
 * Parley's RTP audio bridge: the far side of a Kurento {@code RtpEndpoint}.
 *
 * <p>One {@link dev.parley.rtp.RtpAudioBridge} per session. It offers SDP to the RtpEndpoint
 * ({@link dev.parley.rtp.sdp}), receives RTP, puts it in order ({@link dev.parley.rtp.jitter}),
 * decodes Opus or PCMU and resamples to 16 kHz mono ({@link dev.parley.rtp.codec}) for the
 * conversation engine; the other way it paces the agent's 16 kHz audio one packet per 20 ms
 * ({@link dev.parley.rtp.pacing}), encodes and sends it, and can drop everything queued at once
 * for barge-in. RTCP sender and receiver reports go both ways ({@link dev.parley.rtp.packet}).
 *
 * <p>Plain Java: no CDI, no Kurento types, so the orchestration wires it and tests run it alone.
 */
package dev.parley.rtp;
