package dev.parley.speech;

/** Streaming text to speech: audio chunks (16 kHz mono PCM) as soon as they exist. */
public interface SpeechSynthesizer {

    /** Synthesises {@code text}; chunks arrive in order, then exactly one completion or error. */
    Cancellable synthesize(String text, Listener listener);

    interface Listener {
        void onAudio(short[] pcm);

        void onComplete();

        void onError(SpeechException error);
    }
}
