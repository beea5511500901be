package dev.parley.speech.tts.openai;

import dev.parley.speech.SpeechException;
import dev.parley.speech.openai.SpeechServer;

import java.util.Optional;

/**
 * Settings of the synthesiser behind an OpenAI-compatible {@code POST /audio/speech} that streams
 * raw PCM (OpenAI, Kokoro-FastAPI, Piper servers).
 *
 * @param server       where the server is, its key and timeout (also the longest silence between two pieces of audio)
 * @param model        the model name the server knows (tts-1, kokoro, ...)
 * @param voice        the voice name the server knows (alloy, af_heart, ...)
 * @param speed        speaking speed (0.25..4), empty = the server's default
 * @param sampleRateHz the rate of the server's 16-bit mono PCM (OpenAI and Kokoro: 24000); resampled to 16 kHz
 */
public record OpenAiSynthesizerSettings(SpeechServer server, String model, String voice, Optional<Double> speed, int sampleRateHz) {
    public OpenAiSynthesizerSettings {
        if (model == null || model.isBlank()) {
            throw new SpeechException("the TTS model name is empty");
        }
        if (voice == null || voice.isBlank()) {
            throw new SpeechException("the TTS voice name is empty");
        }
        speed = speed == null ? Optional.empty() : speed;
        if (speed.isPresent() && !(speed.get() >= 0.25 && speed.get() <= 4.0)) {
            throw new SpeechException("the TTS speed must be within 0.25..4, got " + speed.get());
        }
        if (sampleRateHz < 4_000 || sampleRateHz > 192_000) {
            throw new SpeechException("the TTS sample rate must be within 4000..192000 Hz, got " + sampleRateHz);
        }
    }
}
