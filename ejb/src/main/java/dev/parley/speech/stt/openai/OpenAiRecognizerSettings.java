package dev.parley.speech.stt.openai;

import dev.parley.speech.SpeechException;
import dev.parley.speech.openai.SpeechServer;

import java.util.Optional;

/**
 * Settings of the recognizer behind an OpenAI-compatible {@code POST /audio/transcriptions}
 * (OpenAI, faster-whisper servers, whisper.cpp's server, LocalAI).
 *
 * @param server          where the server is, its key and timeout
 * @param model           the model name the server knows (e.g. whisper-1, Systran/faster-whisper-small)
 * @param language        the ISO-639-1 language of the speech, empty = the server detects it
 * @param maxAudioSeconds the longest utterance sent; a longer one fails with a clear error
 */
public record OpenAiRecognizerSettings(SpeechServer server, String model, Optional<String> language, int maxAudioSeconds) {
    public static final int SAMPLE_RATE_HZ = 16_000;

    public OpenAiRecognizerSettings {
        if (model == null || model.isBlank()) {
            throw new SpeechException("the STT model name is empty");
        }
        if (maxAudioSeconds < 1) {
            throw new SpeechException("the STT max-audio-seconds must be positive, got " + maxAudioSeconds);
        }
        language = language == null ? Optional.empty() : language.map(String::strip).filter(l -> !l.isEmpty());
    }
}
