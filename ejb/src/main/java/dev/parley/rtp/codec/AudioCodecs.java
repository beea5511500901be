package dev.parley.rtp.codec;

import dev.parley.rtp.sdp.RtpAudioFormat;

/** Decoders and encoders for each {@link RtpAudioFormat}. */
public final class AudioCodecs {

    private AudioCodecs() {
    }

    public static AudioDecoder decoderFor(RtpAudioFormat format) {
        return switch (format) {
            case OPUS -> new OpusAudioDecoder();
            case PCMU -> new PcmuAudioDecoder();
        };
    }

    public static AudioEncoder encoderFor(RtpAudioFormat format, int opusBitrateBitsPerSecond, int opusComplexity) {
        return switch (format) {
            case OPUS -> new OpusAudioEncoder(opusBitrateBitsPerSecond, opusComplexity);
            case PCMU -> new PcmuAudioEncoder();
        };
    }
}
