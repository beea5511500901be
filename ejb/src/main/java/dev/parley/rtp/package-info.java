/**
 * Parley's RTP audio bridge: the far side of a Kurento {@code RtpEndpoint}.
 *
 * <p>One {@link dev.parley.rtp.RtpAudioBridge} per session. It offers SDP to the RtpEndpoint
 * ({@link dev.parley.rtp.sdp}), receives RTP, puts it in order ({@link dev.parley.rtp.jitter}),
 * decodes Opus or PCMU and resamples to 16 kHz mono ({@link dev.parley.rtp.codec}) for the
 * conversation engine; the other way it paces the agent's 16 kHz audio one packet per 20 ms
 * ({@link dev.parley.rtp.pacing}), encodes and sends it, reports each packet under the tag its
 * audio was queued with, and can hold everything queued (pause, resume at the same sample) or drop
 * it at once for barge-in. RTCP sender and receiver reports go both ways ({@link dev.parley.rtp.packet}).
 *
 * <p>Plain Java: no CDI, no Kurento types, so the orchestration wires it and tests run it alone:
 * <pre>{@code
 * RtpAudioBridge bridge = RtpAudioBridge.open(settings, engine::acceptAudio, playoutListener, managedThreadFactory);
 * String answer = rtpEndpoint.processOffer(bridge.sdpOffer()); // throws SdpNegotiationException if unusable
 * bridge.start(answer);
 * bridge.queueAudio(new AudioTag(generation, chunk), pcm16k); // PlayoutListener.sent(tag, samples, at) per packet
 * QueuedAudio held = bridge.pause();                           // speech over the agent: silence from the next packet
 * bridge.resume();                                             // a cough: on from the first unsent sample
 * QueuedAudio dropped = bridge.flush();                        // barge-in: what was dropped, by tag
 * bridge.counters(); bridge.remoteReport(); bridge.remoteGoodbyeNanos();
 * bridge.close();                                              // on every path
 * }</pre>
 * {@code settings.localAddress()} must be an address the media server can reach: Kurento's
 * RtpEndpoint sends to the offer's c= address.
 */
package dev.parley.rtp;
