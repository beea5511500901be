package dev.parley.speech.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server on 127.0.0.1 that answers one path of an OpenAI-compatible speech API as
 * the test scripts it, and keeps what each request sent.
 */
public final class FakeSpeechServer implements AutoCloseable {
    /** How to answer one request. */
    public interface Script {
        void respond(HttpExchange exchange, byte[] requestBody) throws IOException;
    }

    /** Thrown by a script to break the connection without finishing the answer. */
    public static final class DropConnection extends IOException {
        private static final long serialVersionUID = 1L;

        public DropConnection() {
            super("dropping the connection on purpose");
        }
    }

    public final List<byte[]> requestBodies = new CopyOnWriteArrayList<>();
    public final List<String> contentTypes = new CopyOnWriteArrayList<>();
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    public FakeSpeechServer(String path, Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requestBodies.add(body);
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            // A handler that throws makes HttpServer close the raw connection: no last chunk is sent.
            script.respond(exchange, body);
            exchange.close();
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Sends a complete JSON answer. */
    public static void json(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
