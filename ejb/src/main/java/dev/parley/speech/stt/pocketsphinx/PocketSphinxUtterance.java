package dev.parley.speech.stt.pocketsphinx;

import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.stt.SlicedUtterance;

/** One utterance, decoded by a decoder borrowed from the recognizer's pool. */
final class PocketSphinxUtterance extends SlicedUtterance {
    private final PocketSphinxRecognizer recognizer;

    PocketSphinxUtterance(PocketSphinxRecognizer recognizer, SpeechRecognizer.Listener listener) {
        super("pocketsphinx", listener, recognizer.settings().partialIntervalMillis());
        this.recognizer = recognizer;
    }

    @Override
    protected Decoding open() throws InterruptedException {
        PocketSphinxDecoder decoder = recognizer.acquireDecoder();
        try {
            decoder.startUtterance();
        } catch (RuntimeException e) {
            recognizer.releaseDecoder(decoder);
            throw e;
        }
        return new PooledDecoding(decoder);
    }

    private final class PooledDecoding implements Decoding {
        private final PocketSphinxDecoder decoder;
        private boolean utteranceOpen = true;

        PooledDecoding(PocketSphinxDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public String feed(short[] slice, int count) {
            decoder.process(slice, count);
            return decoder.hypothesis();
        }

        @Override
        public void feedLast(short[] slice, int count) {
            decoder.process(slice, count);
        }

        @Override
        public String finish() {
            utteranceOpen = false;
            decoder.endUtterance();
            return decoder.hypothesis();
        }

        @Override
        public void close() {
            try {
                if (utteranceOpen) {
                    decoder.endUtterance(); // leave the decoder ready for the next utterance
                }
            } finally {
                recognizer.releaseDecoder(decoder);
            }
        }
    }
}
