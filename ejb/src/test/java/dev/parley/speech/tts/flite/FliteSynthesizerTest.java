package dev.parley.speech.tts.flite;

import dev.parley.speech.Cancellable;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.testing.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** flite (Debian, cmu_us_slt) streaming synthesis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FliteSynthesizerTest {
    private static final String LONG_TEXT = "Parley listens while it speaks. When you interrupt, it stops at once, "
            + "keeps what you actually heard, and answers your new question instead of the old one.";

    private FliteSynthesizer synthesizer;

    @BeforeAll
    void load() {
        synthesizer = new FliteSynthesizer(FliteSettings.defaults());
    }

    @AfterAll
    void close() {
        synthesizer.close();
    }

    @Test
    void streamsAudioInManyChunksThenCompletes() {
        Collector.Audio audio = new Collector.Audio();
        synthesizer.synthesize(LONG_TEXT, audio);
        audio.awaitEnd();
        assertNull(audio.error);
        assertTrue(audio.completed);
        short[] pcm = audio.joined();
        double seconds = pcm.length / 16000.0;
        assertTrue(seconds > 5 && seconds < 15, "speech lasts " + seconds + " s");
        assertTrue(audio.chunks.size() > 10, "only " + audio.chunks.size() + " chunks: not streaming");
        int peak = 0;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertTrue(peak > 3000, "audio is (nearly) silent: peak " + peak);
    }

    @Test
    void cancellingStopsTheAudioPromptly() {
        AtomicInteger chunksAfterCancel = new AtomicInteger();
        AtomicReference<Cancellable> running = new AtomicReference<>();
        Collector.Audio audio = new Collector.Audio() {
            private volatile boolean cancelled;

            @Override
            public void onAudio(short[] pcm) {
                super.onAudio(pcm);
                if (cancelled) {
                    chunksAfterCancel.incrementAndGet();
                } else if (chunks.size() == 3) {
                    cancelled = true;
                    while (running.get() == null) {
                        Thread.onSpinWait();
                    }
                    running.get().cancel();
                }
            }
        };
        running.set(synthesizer.synthesize(LONG_TEXT, audio));
        // A later text still runs after the cancel.
        Collector.Audio next = new Collector.Audio();
        synthesizer.synthesize("Next.", next);
        next.awaitEnd();
        assertTrue(next.completed);
        System.out.println("flite chunks after cancel: " + chunksAfterCancel.get());
        assertTrue(chunksAfterCancel.get() <= 1, chunksAfterCancel.get() + " chunks after cancel");
        assertFalse(audio.ended(), "a cancelled synthesis reports neither completion nor error");
    }

    @Test
    void aShortAnswerDoesNotWaitForAnotherSessionsLongOne() {
        Collector.Audio longAnswer = new Collector.Audio();
        synthesizer.synthesize(LONG_TEXT.repeat(4), longAnswer);
        Collector.Audio shortAnswer = new Collector.Audio();
        synthesizer.synthesize("Yes.", shortAnswer);
        shortAnswer.awaitEnd();
        assertTrue(shortAnswer.completed);
        boolean longStillRunning = !longAnswer.ended();
        longAnswer.awaitEnd();
        assertTrue(longAnswer.completed);
        assertTrue(longStillRunning, "the short text was synthesised only after the long one had ended");
    }

    @Test
    void textsSynthesisedSideBySideSoundAsTheyDoOneAtATime() throws Exception {
        List<String> texts = List.of("Parley is a voice agent for Jakarta EE.", "It listens while it speaks.",
                "Ask me about Kurento.", "The admin API lists every session.", "Sorry, I did not catch that.",
                "Recordings are kept for thirty days.", "You can interrupt me at any time.", LONG_TEXT);
        List<short[]> alone = new ArrayList<>();
        for (String text : texts) {
            Collector.Audio audio = new Collector.Audio();
            synthesizer.synthesize(text, audio);
            audio.awaitEnd();
            assertTrue(audio.completed, text);
            alone.add(audio.joined());
        }
        for (int round = 0; round < 3; round++) {
            List<Collector.Audio> together = new ArrayList<>();
            for (String text : texts) {
                Collector.Audio audio = new Collector.Audio();
                together.add(audio);
                synthesizer.synthesize(text, audio);
            }
            for (int i = 0; i < texts.size(); i++) {
                together.get(i).awaitEnd();
                assertTrue(together.get(i).completed, texts.get(i));
                assertSoundsTheSame(alone.get(i), together.get(i).joined(), "round " + round + ": " + texts.get(i));
            }
        }
    }

    /**
     * flite's vocoder excites unvoiced sounds with rand(), so no two syntheses are equal sample for
     * sample; their length and loudness contour are, unless synthesis state was shared.
     */
    private static void assertSoundsTheSame(short[] expected, short[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": samples");
        double[] a = loudness(expected);
        double[] b = loudness(actual);
        double correlation = correlation(a, b);
        System.out.printf("flite %s: loudness correlation %.4f%n", what, correlation);
        assertTrue(correlation > 0.98, what + ": loudness contour correlation " + correlation);
    }

    private static double[] loudness(short[] pcm) {
        int frame = 160;
        double[] rms = new double[pcm.length / frame];
        for (int f = 0; f < rms.length; f++) {
            double sum = 0;
            for (int i = f * frame; i < (f + 1) * frame; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            rms[f] = Math.sqrt(sum / frame);
        }
        return rms;
    }

    private static double correlation(double[] a, double[] b) {
        double meanA = java.util.Arrays.stream(a).average().orElse(0);
        double meanB = java.util.Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void emptyTextIsAnError() {
        Collector.Audio audio = new Collector.Audio();
        synthesizer.synthesize("  ", audio);
        audio.awaitEnd();
        assertNotNull(audio.error);
        assertTrue(audio.error.getMessage().contains("text is empty"), audio.error.getMessage());
    }

    @Test
    void aVoiceAtAnotherSampleRateIsRefused() {
        SpeechException error = assertThrows(SpeechException.class,
                () -> new FliteSynthesizer(new FliteSettings("kal", 800, "libflite.so.1")));
        assertTrue(error.getMessage().contains("8000 Hz"), error.getMessage());
    }

    @Test
    void aMissingVoiceIsNamed() {
        SpeechException error = assertThrows(SpeechException.class,
                () -> new FliteSynthesizer(new FliteSettings("nosuchvoice", 800, "libflite.so.1")));
        assertTrue(error.getMessage().contains("nosuchvoice"), error.getMessage());
    }

    @Test
    void listenersMustNotBeNull() {
        assertThrows(NullPointerException.class, () -> synthesizer.synthesize("Hi.", (SpeechSynthesizer.Listener) null));
    }
}
