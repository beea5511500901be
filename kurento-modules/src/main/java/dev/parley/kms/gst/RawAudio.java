package dev.parley.kms.gst;

/** The one format audio has between elements (media package-info): 48 kHz, S16LE, stereo. */
final class RawAudio {
    static final int RATE = 48_000;
    static final int CHANNELS = 2;
    static final int BYTES_PER_FRAME = 2 * CHANNELS;
    static final String CAPS = "audio/x-raw,format=S16LE,layout=interleaved,rate=" + RATE + ",channels=" + CHANNELS;

    private RawAudio() {
    }
}
