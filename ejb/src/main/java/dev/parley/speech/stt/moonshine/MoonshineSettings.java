package dev.parley.speech.stt.moonshine;

import dev.parley.speech.SpeechException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the Moonshine provider.
 *
 * @param modelDir        a folder with {@code encoder_model.onnx}, {@code decoder_model_merged.onnx} and
 *                        {@code llama-vocab.base64} to use instead of the tiny int8 model built into the jar
 * @param intraOpThreads  ONNX Runtime threads per inference; 1 lets concurrent sessions share the cores
 * @param tokensPerSecond the decoder's token limit per second of audio (plus {@link #MIN_TOKENS}): it
 *                        cannot loop on noise. English speech needs about 3–4 pieces per second
 * @param maxUtteranceSeconds audio kept per utterance; longer speech is transcribed in windows of this
 *                        length, so the memory an utterance holds stays bounded
 * @param hintBonus       the most a hint word's piece gains over the model's own score (a logit, the
 *                        log of an odds ratio) while the decoder spells it; 0 turns the hints off
 */
public record MoonshineSettings(Optional<Path> modelDir, int intraOpThreads, double tokensPerSecond, int maxUtteranceSeconds,
                                double hintBonus) {

    /** Where the build puts the model fetched from npm (@moonshine-ai/moonshine-js, tiny, quantized). */
    public static final String BUILT_IN_MODEL_RESOURCES = "/dev/parley/speech/stt/moonshine/";
    static final int MIN_TOKENS = 4;
    /** Beyond this a hint would override what the audio clearly says. */
    static final double MAX_HINT_BONUS = 10;
    static final double DEFAULT_HINT_BONUS = 3;

    public MoonshineSettings {
        if (intraOpThreads < 1) {
            throw new SpeechException("Moonshine needs at least one thread, got " + intraOpThreads);
        }
        if (!(tokensPerSecond >= 1 && tokensPerSecond <= 50)) {
            throw new SpeechException("Moonshine tokens per second must be between 1 and 50, got " + tokensPerSecond);
        }
        if (maxUtteranceSeconds < 2 || maxUtteranceSeconds > 60) {
            throw new SpeechException("Moonshine max utterance seconds must be between 2 and 60, got " + maxUtteranceSeconds);
        }
        if (!(hintBonus >= 0 && hintBonus <= MAX_HINT_BONUS)) {
            throw new SpeechException("Moonshine hint bonus must be between 0 and " + MAX_HINT_BONUS + ", got " + hintBonus);
        }
    }

    public static MoonshineSettings defaults() {
        return new MoonshineSettings(Optional.empty(), 1, 6.5, 30, DEFAULT_HINT_BONUS);
    }

    /** The decoder's token limit for {@code samples} of 16 kHz audio. */
    int maxTokens(int samples) {
        return MIN_TOKENS + (int) Math.ceil(samples / 16000.0 * tokensPerSecond);
    }
}
