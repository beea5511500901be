package dev.parley.rtp;

import dev.parley.rtp.pacing.AudioTag;

/**
 * Hears each packet of queued agent audio as it leaves the bridge, under the tag the audio was
 * queued with: the one record of what the far side was sent (for "first audio out" timings and for
 * what the user heard before a barge-in or a pause). A packet that joins the end of one tag's audio
 * to the start of the next is reported once per tag. Every packet sent before
 * {@link RtpAudioBridge#flush()} or {@link RtpAudioBridge#pause()} returns has been reported by
 * then. Called on the bridge's sending thread: be quick, never block, never throw.
 */
@FunctionalInterface
public interface PlayoutListener {

    PlayoutListener NONE = (tag, samples, sentAtNanos) -> { };

    /** {@code samples} samples (16 kHz) of the audio queued under {@code tag} went out in a packet sent at {@code sentAtNanos} (monotonic). */
    void sent(AudioTag tag, int samples, long sentAtNanos);
}
