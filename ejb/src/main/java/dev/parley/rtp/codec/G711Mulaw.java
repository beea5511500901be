package dev.parley.rtp.codec;

/**
 * ITU-T G.711 mu-law (the PCMU payload, RFC 3551 §4.5.14): 14-bit linear range in 8-bit
 * logarithmic codes. The classic segment algorithm with bias 0x84 and clip 32635; decoding uses a
 * 256-entry table. Written here because the JDK only exposes it through javax.sound streams, and
 * it is a dozen lines with exact reference values to test against.
 */
public final class G711Mulaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32_635;
    private static final short[] DECODE = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int sign = u & 0x80;
            int exponent = (u >> 4) & 0x07;
            int mantissa = u & 0x0F;
            int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
            DECODE[code] = (short) (sign != 0 ? -magnitude : magnitude);
        }
    }

    private G711Mulaw() {
    }

    public static byte encode(short sample) {
        int pcm = sample;
        int sign = 0;
        if (pcm < 0) {
            pcm = -pcm;
            sign = 0x80;
        }
        if (pcm > CLIP) {
            pcm = CLIP;
        }
        pcm += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | exponent << 4 | mantissa);
    }

    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }

    public static byte[] encode(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = encode(samples[i]);
        }
        return out;
    }

    public static short[] decode(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = DECODE[codes[i] & 0xFF];
        }
        return out;
    }
}
