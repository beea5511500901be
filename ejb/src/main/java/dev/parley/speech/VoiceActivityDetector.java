package dev.parley.speech;

/** Speech probability per fixed-size frame of 16 kHz mono PCM. */
public interface VoiceActivityDetector {

    /** Samples per frame this detector consumes (512 for Silero at 16 kHz, i.e. 32 ms). */
    int frameSamples();

    /** A detector stream for one session: it carries the model state from frame to frame. */
    Stream open();

    interface Stream extends AutoCloseable {
        /** Probability in [0,1] that {@code frame} (exactly {@link #frameSamples()} samples) holds speech. */
        float speechProbability(short[] frame);

        /** Forgets the carried state, as if the stream were new. */
        void reset();

        @Override
        void close();
    }
}
