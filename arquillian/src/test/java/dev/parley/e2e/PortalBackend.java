package dev.parley.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a portal's backend does before it renders a page with the widget: trades its API key for a
 * signed widget token ({@code POST /parley/api/v1/tokens}), which the page hands to the widget.
 */
public final class PortalBackend {

    /** One of the test domain's {@code parley.security.api-keys} (arquillian/pom.xml). */
    public static final String TEST_DOMAIN_API_KEY = "it-portal-key";
    /** The header TokensResource reads the key from. */
    private static final String API_KEY_HEADER = "X-Parley-Api-Key";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI tokens;
    private final String apiKey;

    /** @param demoPage any page under the application's context root, e.g. http://127.0.0.1:8080/parley/index.html */
    public PortalBackend(URI demoPage, String apiKey) {
        this.tokens = demoPage.resolve("api/v1/tokens");
        this.apiKey = apiKey;
    }

    /** A fresh widget token; short-lived (parley.security.token-lifetime-seconds), so ask right before the call. */
    public String widgetToken() throws IOException, InterruptedException {
        return widgetToken(null);
    }

    /** A fresh widget token whose sessions go preferably to media servers of {@code zone} (null: any). */
    public String widgetToken(String zone) throws IOException, InterruptedException {
        URI uri = zone == null ? tokens : URI.create(tokens + "?zone=" + URLEncoder.encode(zone, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header(API_KEY_HEADER, apiKey).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("POST " + tokens + " answered " + response.statusCode() + ": " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject answer = reader.readObject();
            return answer.getString("token");
        }
    }

    /** The id a token carries (its payload is {@code v1|id|expiry|max seconds}, base64url before the dot). */
    public static String idOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        return payload.split("\\|")[1];
    }

    /** The demo page for one call: a fresh token plus {@code query} (e.g. {@code echo-cancellation=off}, may be empty). */
    public String pageWithToken(URI demoPage, String query) throws IOException, InterruptedException {
        return page(demoPage, widgetToken(), query);
    }

    /** The demo page with {@code token} and {@code query} (may be empty). */
    public static String page(URI demoPage, String token, String query) {
        String tokenParameter = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return demoPage + "?" + (query.isEmpty() ? tokenParameter : query + "&" + tokenParameter);
    }

    /** The origin a browser sends for {@code page}: scheme, host and port. */
    public static String originOf(URI page) {
        return page.getScheme() + "://" + page.getHost() + (page.getPort() < 0 ? "" : ":" + page.getPort());
    }
}
