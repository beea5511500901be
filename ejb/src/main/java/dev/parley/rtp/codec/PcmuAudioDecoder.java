package dev.parley.rtp.codec;

/**
 * PCMU decoding at 8 kHz. G.711 has no concealment of its own, so a loss repeats the last good
 * audio at half the level each time (RFC 3551 leaves this to the receiver) and goes silent after
 * a few packets, instead of a click or a frozen tone.
 */
public final class PcmuAudioDecoder implements AudioDecoder {

    static final int SAMPLE_RATE = 8_000;

    private short[] lastGood = new short[0];
    private float concealGain = 1f;

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public short[] decode(byte[] payload) {
        lastGood = G711Mulaw.decode(payload);
        concealGain = 1f;
        return lastGood.clone();
    }

    @Override
    public short[] conceal(int samples, byte[] nextPayload) {
        short[] out = new short[samples];
        if (lastGood.length == 0) {
            return out;
        }
        float startGain = concealGain;
        float endGain = concealGain * 0.5f;
        for (int i = 0; i < samples; i++) {
            float gain = startGain + (endGain - startGain) * i / samples; // a ramp, so the fade itself does not click
            out[i] = (short) (lastGood[i % lastGood.length] * gain);
        }
        concealGain = endGain < 0.1f ? 0f : endGain;
        return out;
    }
}
