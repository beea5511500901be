package dev.parley.conversation.rig;

import dev.parley.conversation.ConversationProviders;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.VoiceActivityDetector;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Recording fakes for unit tests of the engine's logic: an energy VAD, a recogniser that "hears"
 * scripted words one per {@code millisPerWord} of loud audio, a model that answers with a scripted
 * text, and a synthesiser that speaks {@code millisPerChar} of tone per character.
 */
public final class ScriptedProviders {

    private final Deque<String> utterances = new ArrayDeque<>();
    private final List<Long> loudMillisHeard = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long millisPerWord;
    private final long millisPerChar;
    private Function<List<ChatMessage>, String> answers = h -> "Okay.";
    private short[] tone = new short[0];
    private long recognizerLagMillis;

    public ScriptedProviders(long millisPerWord, long millisPerChar) {
        this.millisPerWord = millisPerWord;
        this.millisPerChar = millisPerChar;
    }

    /** The next user utterances, in order, as the recogniser will hear them ("" for a cough). */
    public ScriptedProviders userSays(String... texts) {
        utterances.addAll(List.of(texts));
        return this;
    }

    /** Per finished utterance, in order: how much loud audio (speech) the recogniser was given. */
    public List<Long> loudMillisHeard() {
        return List.copyOf(loudMillisHeard);
    }

    /** The recogniser's partials trail the audio by this much (a busy machine): 0, the default, is none. */
    public ScriptedProviders recognizerLagging(long millis) {
        this.recognizerLagMillis = millis;
        return this;
    }

    public ScriptedProviders agentAnswers(Function<List<ChatMessage>, String> answers) {
        this.answers = answers;
        return this;
    }

    /** Just the scripted language model, to pair with real speech providers. */
    public LanguageModel languageModel() {
        return this::reply;
    }

    public ConversationProviders providers() {
        return new ConversationProviders(new EnergyVad(), this::utterance, this::reply, this::synthesize);
    }

    private static final class EnergyVad implements VoiceActivityDetector {
        @Override
        public int frameSamples() {
            return 320;
        }

        @Override
        public Stream open() {
            return new Stream() {
                @Override
                public float speechProbability(short[] frame) {
                    // Faint sound scores between the onset threshold (0.35) and the start one (0.5).
                    double rms = rms(frame);
                    return rms > LOUD_RMS ? 0.9f : rms > FAINT_RMS ? 0.4f : 0.05f;
                }

                @Override
                public void reset() {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static final double LOUD_RMS = 500;
    private static final double FAINT_RMS = 150;

    static boolean loud(short[] frame) {
        return rms(frame) > LOUD_RMS;
    }

    private static double rms(short[] frame) {
        double sum = 0;
        for (short s : frame) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / frame.length);
    }

    private SpeechRecognizer.Utterance utterance(SpeechRecognizer.Listener listener) {
        String text = utterances.isEmpty() ? "" : utterances.removeFirst();
        String[] words = text.isBlank() ? new String[0] : text.trim().split("\\s+");
        return new SpeechRecognizer.Utterance() {
            final long lagSamples = recognizerLagMillis * 16;
            /** Per piece of audio taken: samples fed and loud samples up to its end. */
            final List<long[]> progress = new java.util.ArrayList<>();
            long fed;
            long loudSamples;
            int revealed;
            boolean over;

            @Override
            public void accept(short[] pcm, int offset, int length) {
                if (over) {
                    return;
                }
                fed += length;
                short[] frame = java.util.Arrays.copyOfRange(pcm, offset, offset + length);
                if (loud(frame)) {
                    loudSamples += length;
                }
                progress.add(new long[] {fed, loudSamples});
                // A lagging recogniser has decoded only the audio up to lagSamples ago.
                long decodedUpTo = 0;
                long loudDecoded = 0;
                for (long[] p : progress) {
                    if (p[0] > fed - lagSamples) {
                        break;
                    }
                    decodedUpTo = p[0];
                    loudDecoded = p[1];
                }
                revealed = (int) Math.max(revealed, Math.min(words.length, loudDecoded / 16 / millisPerWord));
                if (revealed > 0) {
                    // As a streaming recogniser does: the words so far again for each new piece of audio.
                    listener.onPartial(new Transcript(String.join(" ", List.of(words).subList(0, revealed)), false, decodedUpTo / 16, 0));
                }
            }

            @Override
            public void finish() {
                over = true;
                loudMillisHeard.add(loudSamples / 16);
                listener.onFinal(new Transcript(text, true, fed / 16, 0));
            }

            @Override
            public void cancel() {
                over = true;
            }
        };
    }

    private Cancellable reply(List<ChatMessage> history, LanguageModel.Listener listener) {
        String text;
        try {
            text = answers.apply(history);
        } catch (SpeechException e) {
            listener.onError(e);
            return () -> { };
        }
        for (String token : text.split("(?= )")) {
            listener.onToken(token);
        }
        listener.onComplete();
        return () -> { };
    }

    /** A slice of one tone made once, so the fake's own cost stays out of engine measurements. */
    private short[] toneOf(long millis) {
        int samples = (int) (millis * 16);
        if (tone.length < samples) {
            tone = Audio.tone(Math.max(millis, 10_000));
        }
        return java.util.Arrays.copyOf(tone, samples);
    }

    private Cancellable synthesize(String text, SpeechSynthesizer.Listener listener) {
        short[] pcm = toneOf(text.length() * millisPerChar);
        int half = pcm.length / 2;
        listener.onAudio(java.util.Arrays.copyOfRange(pcm, 0, half));
        listener.onAudio(java.util.Arrays.copyOfRange(pcm, half, pcm.length));
        listener.onComplete();
        return () -> { };
    }
}
