package dev.parley.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks an OpenAI-compatible server for its model list ({@code GET <base-url>/models}), the
 * cheapest request such servers all answer, generating nothing. Any answer but a refused key or a
 * server error means the server is there; no answer at all means calls cannot be taken.
 */
final class OpenAiEndpointProbe {

    private final HttpClient http;
    private final Duration timeout;

    OpenAiEndpointProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    ProviderStatus probe(URI baseUrl, String apiKey) {
        return probe("llm", baseUrl, apiKey);
    }

    /** The same probe for the OpenAI-compatible server of {@code capability} (llm, stt, tts). */
    ProviderStatus probe(String capability, URI baseUrl, String apiKey) {
        String keys = "parley." + capability + ".openai.";
        String base = baseUrl.toString();
        URI models = URI.create((base.endsWith("/") ? base : base + "/") + "models");
        HttpRequest.Builder request = HttpRequest.newBuilder(models).timeout(timeout).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401 || status == 403) {
                return ProviderStatus.down(capability, "openai at " + base + " refused the API key (HTTP " + status
                        + "); check " + keys + "api-key");
            }
            if (status >= 500) {
                return ProviderStatus.down(capability, "openai at " + base + " answered GET /models with HTTP " + status);
            }
            return ProviderStatus.up(capability, "openai at " + base + " (answered HTTP " + status + ")");
        } catch (HttpTimeoutException e) {
            return ProviderStatus.down(capability, "openai at " + base + " did not answer within " + timeout.toMillis()
                    + " ms; check " + keys + "base-url");
        } catch (ConnectException e) {
            return ProviderStatus.down(capability, "openai at " + base + " refused the connection; check " + keys + "base-url");
        } catch (IOException e) {
            return ProviderStatus.down(capability, "openai at " + base + " could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProviderStatus.down(capability, "the check of openai at " + base + " was interrupted");
        }
    }
}
