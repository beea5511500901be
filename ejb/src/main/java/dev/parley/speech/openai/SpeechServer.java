package dev.parley.speech.openai;

import dev.parley.speech.SpeechException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Where an OpenAI-compatible speech server is and how it is talked to: the JDK HTTP client the
 * LLM adapter's LangChain4j client wraps, on plain HTTP/1.1 (local servers do not speak h2c), with
 * a connect timeout and a bearer key; and the failures it can end in, worded for an operator.
 *
 * @param what          what the server is for, in messages ("STT", "TTS")
 * @param baseUrl       the API root, e.g. http://localhost:8000/v1
 * @param apiKey        the bearer key; servers without keys accept any text
 * @param timeoutMillis connect timeout, and the longest wait for an answer or the next piece of one
 */
public record SpeechServer(String what, URI baseUrl, String apiKey, int timeoutMillis) {
    private static final int MAX_MESSAGE_CHARS = 300;

    public SpeechServer {
        if (baseUrl == null || baseUrl.getScheme() == null
                || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https")) || baseUrl.getHost() == null) {
            throw new SpeechException("the " + what + " base URL must be an http(s) URL, got '" + baseUrl + "'");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new SpeechException("the " + what + " API key is empty (servers without keys accept any text, e.g. 'none')");
        }
        if (timeoutMillis < 1) {
            throw new SpeechException("the " + what + " timeout must be positive, got " + timeoutMillis);
        }
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /** {@code baseUrl} + "/" + {@code path}, whether or not the base ends with a slash. */
    public URI endpoint(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }

    /** A client whose callbacks run on {@code executor} (the provider's managed threads). */
    public HttpClient client(Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** The error for an HTTP answer that is no success: its status and the server's own message. */
    public SpeechException httpError(String request, int status, byte[] body) {
        return new SpeechException(what + " server at " + baseUrl + " answered " + request + " with HTTP " + status
                + serverMessage(body).map(m -> ": " + m).orElse(""));
    }

    /** The error for a request that got no (complete) answer: refused, timed out, broken. */
    public SpeechException failure(String request, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String prefix = what + " server at " + baseUrl + " ";
        if (cause instanceof HttpTimeoutException) {
            return new SpeechException(prefix + "did not answer " + request + " within " + timeoutMillis + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return new SpeechException(prefix + "refused the connection for " + request + "; is it running?", cause);
        }
        if (cause instanceof SpeechException speech) {
            return speech;
        }
        if (cause instanceof CancellationException) {
            return new SpeechException(prefix + "stopped answering " + request + ": the request was cancelled", cause);
        }
        return new SpeechException(prefix + "failed on " + request + ": " + cause, cause);
    }

    /**
     * The human-readable part of an error body: OpenAI's {@code {"error":{"message":...}}}, a
     * plain {@code {"error":"..."}}, FastAPI's {@code {"detail":...}}, a {@code message} field, or
     * the body's text; one line, cut short.
     */
    static Optional<String> serverMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String message = text;
        if (text.startsWith("{")) {
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                JsonObject json = reader.readObject();
                message = firstMessage(json).orElse(text);
            } catch (RuntimeException notJson) {
                // A body that only looks like JSON is shown as text.
            }
        }
        message = message.replaceAll("\\s+", " ").strip();
        if (message.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message);
    }

    private static Optional<String> firstMessage(JsonObject json) {
        for (String key : new String[] {"error", "detail", "message"}) {
            JsonValue value = json.get(key);
            if (value == null) {
                continue;
            }
            switch (value.getValueType()) {
                case STRING:
                    return Optional.of(json.getString(key));
                case OBJECT:
                    Optional<String> nested = firstMessage(value.asJsonObject());
                    if (nested.isPresent()) {
                        return nested;
                    }
                    break;
                case ARRAY:
                    JsonArray items = value.asJsonArray();
                    if (!items.isEmpty() && items.get(0).getValueType() == JsonValue.ValueType.OBJECT) {
                        JsonObject first = items.getJsonObject(0);
                        if (first.get("msg") != null && first.get("msg").getValueType() == JsonValue.ValueType.STRING) {
                            return Optional.of(first.getString("msg")); // FastAPI validation errors
                        }
                    }
                    return Optional.of(items.toString());
                default:
                    break;
            }
        }
        return Optional.empty();
    }
}
