package dev.parley.speech;

/** Streaming speech recognition, one stream per user utterance. */
public interface SpeechRecognizer {

    /** Starts an utterance; results arrive on {@code listener}, each partial before the final. */
    Utterance startUtterance(Listener listener);

    interface Utterance extends Cancellable {
        /** Feeds 16 kHz mono PCM. Must not block the caller for model work. */
        void accept(short[] pcm, int offset, int length);

        /** No more audio: exactly one final result (possibly empty) or an error follows. */
        void finish();

        /** Abandons the utterance: no further callbacks. */
        @Override
        void cancel();
    }

    interface Listener {
        /**
         * The words so far. A streaming recognizer repeats them, unchanged, as it takes more audio
         * (with a larger {@link Transcript#audioMillis()}): the engine ends a turn after the short
         * silence for a complete sentence only once the words cover all the speech, so one that
         * stays silent while the words hold makes every such turn wait the middle silence.
         * Partials may revise earlier words; the engine prepares its answer while the user pauses
         * on the latest ones, and releases it at the endpoint only if the final has the same words.
         */
        void onPartial(Transcript partial);

        void onFinal(Transcript fin);

        void onError(SpeechException error);
    }
}
