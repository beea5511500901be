package dev.parley.rtp.codec;

/** PCMU encoding of 20 ms at 8 kHz (160 samples to 160 bytes). */
public final class PcmuAudioEncoder implements AudioEncoder {

    @Override
    public int sampleRate() {
        return PcmuAudioDecoder.SAMPLE_RATE;
    }

    @Override
    public byte[] encode(short[] frame) {
        if (frame.length != frameSamples()) {
            throw new IllegalArgumentException("PCMU frame must be " + frameSamples() + " samples (20 ms at 8 kHz), got " + frame.length);
        }
        return G711Mulaw.encode(frame);
    }
}
