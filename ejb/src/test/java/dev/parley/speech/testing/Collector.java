package dev.parley.speech.testing;

import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.Transcript;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Recording listeners for every SPI: what arrived, in order, and whether the stream ended. */
public final class Collector {
    private Collector() {
    }

    public abstract static class Ending {
        private final CountDownLatch ended = new CountDownLatch(1);
        public volatile SpeechException error;
        public volatile boolean completed;

        protected void complete() {
            completed = true;
            ended.countDown();
        }

        protected void fail(SpeechException e) {
            error = e;
            ended.countDown();
        }

        /** Waits for the end; a stream that never ends fails the test instead of hanging it. */
        public void awaitEnd() {
            try {
                if (!ended.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the stream did not end within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public boolean ended() {
            return ended.getCount() == 0;
        }
    }

    public static class Audio extends Ending implements SpeechSynthesizer.Listener {
        public final List<short[]> chunks = new CopyOnWriteArrayList<>();
        public volatile long firstAudioNanos;

        @Override
        public void onAudio(short[] pcm) {
            if (chunks.isEmpty()) {
                firstAudioNanos = System.nanoTime();
            }
            chunks.add(pcm);
        }

        @Override
        public void onComplete() {
            complete();
        }

        @Override
        public void onError(SpeechException error) {
            fail(error);
        }

        public short[] joined() {
            short[] all = new short[chunks.stream().mapToInt(c -> c.length).sum()];
            int at = 0;
            for (short[] chunk : chunks) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            return all;
        }
    }

    public static class Tokens extends Ending implements LanguageModel.Listener {
        public final List<String> tokens = new CopyOnWriteArrayList<>();
        public volatile long firstTokenNanos;

        @Override
        public void onToken(String token) {
            if (tokens.isEmpty()) {
                firstTokenNanos = System.nanoTime();
            }
            tokens.add(token);
        }

        @Override
        public void onComplete() {
            complete();
        }

        @Override
        public void onError(SpeechException error) {
            fail(error);
        }

        public String text() {
            return String.join("", tokens);
        }
    }

    public static class Transcripts extends Ending implements SpeechRecognizer.Listener {
        public final List<Transcript> partials = new CopyOnWriteArrayList<>();
        public volatile Transcript fin;
        public volatile long firstPartialNanos;
        private final CountDownLatch firstPartial = new CountDownLatch(1);

        @Override
        public void onPartial(Transcript partial) {
            if (partials.isEmpty()) {
                firstPartialNanos = System.nanoTime();
            }
            partials.add(partial);
            firstPartial.countDown();
        }

        @Override
        public void onFinal(Transcript transcript) {
            fin = transcript;
            complete();
        }

        @Override
        public void onError(SpeechException error) {
            fail(error);
        }

        public boolean awaitFirstPartial(long seconds) throws InterruptedException {
            return firstPartial.await(seconds, TimeUnit.SECONDS);
        }
    }
}
