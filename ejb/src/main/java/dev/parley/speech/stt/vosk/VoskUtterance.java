package dev.parley.speech.stt.vosk;

import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.stt.SlicedUtterance;
import org.vosk.Recognizer;

/** One utterance, decoded by a Vosk recognizer of its own over the shared model. */
final class VoskUtterance extends SlicedUtterance {
    private final VoskRecognizer owner;

    VoskUtterance(VoskRecognizer owner, SpeechRecognizer.Listener listener) {
        super("vosk", listener, owner.settings().partialIntervalMillis());
        this.owner = owner;
    }

    @Override
    protected Decoding open() {
        return new VoskDecoding(owner.newRecognizer());
    }

    private static final class VoskDecoding implements Decoding {
        private final Recognizer recognizer;
        private final VoskText text = new VoskText();

        VoskDecoding(Recognizer recognizer) {
            this.recognizer = recognizer;
        }

        @Override
        public String feed(short[] slice, int count) {
            if (recognizer.acceptWaveForm(slice, count)) {
                text.segmentEnded(recognizer.getResult());
                return text.done();
            }
            return text.withPartial(recognizer.getPartialResult());
        }

        @Override
        public void feedLast(short[] slice, int count) {
            if (recognizer.acceptWaveForm(slice, count)) {
                text.segmentEnded(recognizer.getResult());
            }
        }

        @Override
        public String finish() {
            text.segmentEnded(recognizer.getFinalResult());
            return text.done();
        }

        @Override
        public void close() {
            recognizer.close();
        }
    }
}
