package dev.parley.speech.tts.flite;

import dev.parley.speech.Cancellable;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.testing.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
        // A later text still runs: the cancelled one left the synthesis thread free.
        Collector.Audio next = new Collector.Audio();
        synthesizer.synthesize("Next.", next);
        next.awaitEnd();
        assertTrue(next.completed);
        System.out.println("flite chunks after cancel: " + chunksAfterCancel.get());
        assertTrue(chunksAfterCancel.get() <= 1, chunksAfterCancel.get() + " chunks after cancel");
        assertFalse(audio.ended(), "a cancelled synthesis reports neither completion nor error");
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
