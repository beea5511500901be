package dev.parley.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The speech providers' readiness: configured names, the OpenAI-compatible server probe, caching. Loopback only. */
class SpeechProvidersReadinessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** An OpenAI-compatible server stand-in that answers GET /models with {@code status}, recording what it was asked. */
    private static HttpServer server(int status, List<String> asked) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI base(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Test
    void anAnsweringServerIsUpAndIsAskedOnlyForItsModels() throws IOException {
        List<String> asked = new ArrayList<>();
        HttpServer server = server(200, asked);
        try {
            ProviderStatus status = new OpenAiEndpointProbe(TIMEOUT).probe(base(server), "sk-test");
            assertTrue(status.up(), status.detail());
            assertEquals(List.of("GET /v1/models Bearer sk-test"), asked);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedKeyOrAServerErrorIsDown() throws IOException {
        for (int code : new int[] {401, 503}) {
            HttpServer server = server(code, new ArrayList<>());
            try {
                ProviderStatus status = new OpenAiEndpointProbe(TIMEOUT).probe(base(server), "sk-test");
                assertFalse(status.up(), "HTTP " + code);
                assertTrue(status.detail().contains(String.valueOf(code)), status.detail());
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void aClosedPortIsDownWithTheUrlAndTheKeyToFix() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProviderStatus status = new OpenAiEndpointProbe(TIMEOUT).probe(URI.create("http://127.0.0.1:" + port + "/v1"), "none");
        assertFalse(status.up());
        assertTrue(status.detail().contains("127.0.0.1:" + port) && status.detail().contains("parley.llm.openai.base-url"), status.detail());
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsDownAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicReference<Socket> held = new AtomicReference<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.set(silent.accept()); // accepted, never answered
                } catch (IOException ignored) {
                    // the test closed the socket
                }
            });
            acceptor.start();
            long start = System.nanoTime();
            ProviderStatus status = new OpenAiEndpointProbe(Duration.ofMillis(500)).probe(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1"), "none");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertFalse(status.up());
            assertTrue(status.detail().contains("did not answer within 500 ms"), status.detail());
            System.out.println("silent LLM server judged DOWN after " + tookMillis + " ms (timeout 500 ms)");
            Socket s = held.get();
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aProviderNameThatNamesNothingIsDownWithTheKeyToFix() {
        ProviderStatus unknown = SpeechProvidersReadinessCheck.configured("stt", "whisper", name -> false);
        assertFalse(unknown.up());
        assertEquals("parley.stt.provider=whisper names no provider: the built-in ones are moonshine, openai, pocketsphinx, vosk, vosk+moonshine, "
                + "others are CDI beans annotated @SpeechProvider(\"whisper\")", unknown.detail());
        assertTrue(SpeechProvidersReadinessCheck.configured("stt", "whisper", name -> name.equals("whisper")).up());
        assertEquals(ProviderStatus.up("llm", "retrieval"), SpeechProvidersReadinessCheck.configured("llm", "retrieval", name -> false));
        assertEquals(ProviderStatus.up("stt", "vosk+moonshine"), SpeechProvidersReadinessCheck.configured("stt", "vosk+moonshine", name -> false));
    }

    @Test
    void theResponseNamesEachProviderAndWhyItIsDown() {
        assertEquals(java.util.Map.of("vad", "silero", "llm", "DOWN: openai at http://x/v1 refused the connection"),
                SpeechProvidersReadinessCheck.data(List.of(
                        ProviderStatus.up("vad", "silero"), ProviderStatus.down("llm", "openai at http://x/v1 refused the connection"))));
    }

    @Test
    void theResultIsReusedForTheCachePeriod() {
        AtomicLong now = new AtomicLong();
        AtomicInteger checks = new AtomicInteger();
        CachedResult<Integer> cached = new CachedResult<>(checks::incrementAndGet, 10_000, now::get);
        assertEquals(1, cached.get());
        now.addAndGet(9_999_000_000L);
        assertEquals(1, cached.get());
        now.addAndGet(1_000_000L);
        assertEquals(2, cached.get());
        assertEquals(2, checks.get());
    }
}
