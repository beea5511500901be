package dev.parley.rtp.codec;

/** Turns 20 ms of mono PCM at {@link #sampleRate()} into one RTP payload; stateful, one per stream. */
public interface AudioEncoder {

    /** Rate of the PCM this encoder takes. */
    int sampleRate();

    /** Samples in one 20 ms frame at {@link #sampleRate()}. */
    default int frameSamples() {
        return sampleRate() / 50;
    }

    /** Encodes exactly {@link #frameSamples()} samples. */
    byte[] encode(short[] frame);
}
