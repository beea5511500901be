package dev.parley.conversation;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadingSilenceTrimmerTest {

    /** {@code quietMillis} of noise below the threshold (like flite's lead-in), then {@code loudMillis} of a tone. */
    private static short[] leadInThenSpeech(int quietMillis, int noiseAmplitude, int loudMillis) {
        int quiet = quietMillis * 16;
        short[] pcm = new short[quiet + loudMillis * 16];
        for (int i = 0; i < quiet; i++) {
            pcm[i] = (short) ((i % 7 - 3) * noiseAmplitude / 3);
        }
        for (int i = quiet; i < pcm.length; i++) {
            pcm[i] = (short) (8_000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return pcm;
    }

    private static short[] feedInPieces(LeadingSilenceTrimmer trimmer, short[] pcm, int piece) {
        short[] out = new short[0];
        for (int at = 0; at < pcm.length; at += piece) {
            out = join(out, trimmer.accept(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + piece))));
        }
        return join(out, trimmer.finish());
    }

    private static short[] join(short[] a, short[] b) {
        short[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theLeadInBeforeSpeechIsDroppedButTwentyMillisecondsBeforeTheOnsetStay() {
        short[] pcm = leadInThenSpeech(180, 42, 500);
        short[] out = feedInPieces(new LeadingSilenceTrimmer(), pcm, 160);
        int onset = 180 * 16; // the tone is already loud at its first sample (its phase runs from sample 0)
        assertEquals(pcm.length - (onset - LeadingSilenceTrimmer.MARGIN_SAMPLES), out.length);
        assertArrayEquals(Arrays.copyOfRange(pcm, onset - LeadingSilenceTrimmer.MARGIN_SAMPLES, pcm.length), out);
    }

    @Test
    void howTheAudioIsSlicedDoesNotChangeWhatIsKept() {
        short[] pcm = leadInThenSpeech(200, 60, 300);
        short[] whole = feedInPieces(new LeadingSilenceTrimmer(), pcm, pcm.length);
        assertArrayEquals(whole, feedInPieces(new LeadingSilenceTrimmer(), pcm, 37));
        assertArrayEquals(whole, feedInPieces(new LeadingSilenceTrimmer(), pcm, 1));
    }

    @Test
    void speechFromTheFirstSampleIsUntouched() {
        short[] pcm = leadInThenSpeech(0, 0, 300);
        pcm[0] = 5_000;
        assertArrayEquals(pcm, feedInPieces(new LeadingSilenceTrimmer(), pcm, 320));
    }

    @Test
    void quietAudioLongerThanALeadInIsKeptWhole() {
        // 600 ms of something quiet (a whisper the threshold misses), then speech: nothing is lost.
        short[] pcm = leadInThenSpeech(600, 90, 200);
        assertArrayEquals(pcm, feedInPieces(new LeadingSilenceTrimmer(), pcm, 320));
    }

    @Test
    void aChunkThatEndsBeforeAnySpeechKeepsItsAudio() {
        short[] pcm = leadInThenSpeech(250, 30, 0);
        assertArrayEquals(pcm, feedInPieces(new LeadingSilenceTrimmer(), pcm, 320));
    }

    /** The built-in voice, as the engine receives it: its lead-in goes, its speech stays whole. */
    @Test
    void fliteSpeechStartsTwentyMillisecondsIntoTheTrimmedAudio() throws Exception {
        try (FliteSynthesizer flite = new FliteSynthesizer(FliteSettings.defaults())) {
            for (String text : new String[]{"Sorry, I don't know that.", "I'm Parley, a voice assistant.", "Five minutes.",
                    "She sells sea shells.", "Hello there.", "Thank you."}) {
                LeadingSilenceTrimmer trimmer = new LeadingSilenceTrimmer();
                short[][] raw = {new short[0]};
                short[][] kept = {new short[0]};
                CompletableFuture<Void> done = new CompletableFuture<>();
                flite.synthesize(text, new SpeechSynthesizer.Listener() {
                    @Override
                    public synchronized void onAudio(short[] pcm) {
                        raw[0] = join(raw[0], pcm);
                        kept[0] = join(kept[0], trimmer.accept(pcm));
                    }

                    @Override
                    public synchronized void onComplete() {
                        kept[0] = join(kept[0], trimmer.finish());
                        done.complete(null);
                    }

                    @Override
                    public void onError(SpeechException error) {
                        done.completeExceptionally(error);
                    }
                });
                done.get(30, TimeUnit.SECONDS);
                int rawOnset = firstAbove(raw[0]);
                int keptOnset = firstAbove(kept[0]);
                System.out.printf("flite '%s': speech began %d ms into the synthesised audio, %d ms into what is sent%n",
                        text, rawOnset / 16, keptOnset / 16);
                assertTrue(rawOnset > 100 * 16, "flite still pads its speech (else this test shows nothing): " + rawOnset / 16 + " ms");
                assertEquals(LeadingSilenceTrimmer.MARGIN_SAMPLES, keptOnset, text);
                assertArrayEquals(Arrays.copyOfRange(raw[0], rawOnset - LeadingSilenceTrimmer.MARGIN_SAMPLES, raw[0].length), kept[0], text);
            }
        }
    }

    private static int firstAbove(short[] pcm) {
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > LeadingSilenceTrimmer.THRESHOLD) {
                return i;
            }
        }
        return -1;
    }
}
