package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the tests: GETs or POSTs and reads the answer as JSON. */
public final class JsonHttp {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The portal API key the test domain is configured with (arquillian/pom.xml). */
    public static final String IT_API_KEY = "it-portal-key";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public Answer get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    /** A widget token from {@code POST /api/v1/tokens}, as a portal backend obtains it. */
    public String widgetToken(URI tokensUri, String apiKey) throws IOException, InterruptedException {
        Answer answer = send(HttpRequest.newBuilder(tokensUri).timeout(TIMEOUT).header("X-Parley-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (answer.status() != 201) {
            throw new AssertionError("POST " + tokensUri + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().getString("token");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    public record Answer(int status, String contentType, String body) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("expected a JSON object (HTTP " + status + ", " + contentType + "), got: " + body, e);
            }
        }
    }
}
