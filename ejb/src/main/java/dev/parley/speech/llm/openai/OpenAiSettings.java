package dev.parley.speech.llm.openai;

import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.Persona;

import java.net.URI;
import java.util.Optional;

/**
 * Settings of the OpenAI-compatible adapter (OpenAI, vLLM, LM Studio, Ollama...).
 *
 * @param baseUrl        the API root, e.g. https://api.openai.com/v1 or http://localhost:11434/v1
 * @param model          the model name the server knows
 * @param apiKey         the bearer key; servers without keys accept any text
 * @param temperature    sampling temperature, empty = the server's default
 * @param maxTokens      longest reply, in tokens
 * @param timeoutMillis  connect and read timeout
 * @param maxToolRounds  how many rounds of tool calls one reply may take
 * @param persona        who is speaking: its instructions become the system message
 */
public record OpenAiSettings(URI baseUrl, String model, String apiKey, Optional<Double> temperature, int maxTokens,
                             int timeoutMillis, int maxToolRounds, Persona persona) {
    public OpenAiSettings {
        if (baseUrl == null || baseUrl.getScheme() == null
                || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https")) || baseUrl.getHost() == null) {
            throw new SpeechException("the LLM base URL must be an http(s) URL, got '" + baseUrl + "'");
        }
        if (model == null || model.isBlank()) {
            throw new SpeechException("the LLM model name is empty");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new SpeechException("the LLM API key is empty (servers without keys accept any text, e.g. 'none')");
        }
        if (maxTokens < 1 || timeoutMillis < 1 || maxToolRounds < 0) {
            throw new SpeechException("LLM max tokens and timeout must be positive and tool rounds not negative");
        }
    }

    public static OpenAiSettings of(URI baseUrl, String model, String apiKey) {
        return new OpenAiSettings(baseUrl, model, apiKey, Optional.empty(), 256, 30_000, 3, Persona.defaults());
    }
}
