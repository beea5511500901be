package dev.parley.rtp;

/**
 * The caller's audio as the bridge decoded it, with its facts: one packet's worth (20 ms, 320
 * samples, for the usual packetisation) or one stretch made up for lost packets. It is cut to the
 * VAD's frame size once, by the conversation engine, which alone knows that size.
 *
 * @param samples        16 kHz mono signed 16-bit, any length
 * @param concealed      true if it was made up for a lost packet
 * @param deliveredNanos when the bridge handed it over, on {@link System#nanoTime()}'s clock
 */
public record InboundAudioFrame(short[] samples, boolean concealed, long deliveredNanos) {
}
