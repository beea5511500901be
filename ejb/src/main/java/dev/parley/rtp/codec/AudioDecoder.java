package dev.parley.rtp.codec;

/** Turns RTP payloads of one stream into mono PCM at {@link #sampleRate()}; stateful, one per stream. */
public interface AudioDecoder {

    /** Rate of the PCM this decoder produces. */
    int sampleRate();

    /** Decodes one payload. */
    short[] decode(byte[] payload);

    /**
     * Makes up {@code samples} samples for a lost packet. {@code nextPayload} is the packet after the
     * loss when it is already here (Opus can rebuild the loss from its in-band FEC), else {@code null}.
     */
    short[] conceal(int samples, byte[] nextPayload);
}
