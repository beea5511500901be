package dev.parley.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness probe of the speech servers behind {@code parley.stt.provider=openai} and {@code parley.tts.provider=openai}. */
class SpeechServerReadinessTest {
    @Test
    void openAiIsABuiltInRecognizerAndSynthesiser() {
        assertTrue(SpeechProvidersReadinessCheck.configured("stt", "openai", name -> false).up());
        assertTrue(SpeechProvidersReadinessCheck.configured("tts", "openai", name -> false).up());
    }

    @Test
    void aSpeechServerThatAnswersIsUpUnderItsCapability() throws IOException {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1); // whisper.cpp's server has no model list: still there
            exchange.close();
        });
        server.start();
        try {
            ProviderStatus status = new OpenAiEndpointProbe(Duration.ofSeconds(3))
                    .probe("stt", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "none");
            assertTrue(status.up(), status.detail());
            assertEquals("stt", status.capability());
            assertEquals(List.of("GET /v1/models"), asked);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSpeechServerThatIsNotThereIsDownWithItsOwnKeyToFix() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProviderStatus status = new OpenAiEndpointProbe(Duration.ofSeconds(3))
                .probe("tts", URI.create("http://127.0.0.1:" + port + "/v1"), "none");
        assertFalse(status.up());
        assertEquals("tts", status.capability());
        assertTrue(status.detail().endsWith("refused the connection; check parley.tts.openai.base-url"), status.detail());
    }
}
