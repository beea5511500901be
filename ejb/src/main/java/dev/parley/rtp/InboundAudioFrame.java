package dev.parley.rtp;

/**
 * 20 ms of the caller's audio for the conversation engine.
 *
 * @param samples      320 samples, 16 kHz mono signed 16-bit
 * @param concealed    true if any of it was made up for a lost packet
 * @param deliveredNanos monotonic time the bridge handed it over
 */
public record InboundAudioFrame(short[] samples, boolean concealed, long deliveredNanos) {
    public static final int SAMPLES = 320;
}
