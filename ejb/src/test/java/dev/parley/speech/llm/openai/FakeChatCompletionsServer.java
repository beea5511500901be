package dev.parley.speech.llm.openai;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the OpenAI chat-completions streaming format (server-sent events of
 * chat.completion.chunk objects, then {@code data: [DONE]}), scripted per request.
 */
final class FakeChatCompletionsServer implements AutoCloseable {
    /** What to send for the n-th request (0-based). */
    interface Script {
        void respond(int request, Stream stream) throws IOException;
    }

    /** The open event stream of one response. */
    static final class Stream {
        private final OutputStream out;

        Stream(OutputStream out) {
            this.out = out;
        }

        void content(String text) throws IOException {
            event("{\"delta\":{\"content\":" + json(text) + "},\"finish_reason\":null}");
        }

        void toolCall(String id, String name, String arguments) throws IOException {
            event("{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":" + json(id) + ",\"type\":\"function\",\"function\":{\"name\":"
                    + json(name) + ",\"arguments\":" + json(arguments) + "}}]},\"finish_reason\":null}");
        }

        void finish(String reason) throws IOException {
            event("{\"delta\":{},\"finish_reason\":" + json(reason) + "}");
            send("data: [DONE]\n\n");
        }

        private void event(String choice) throws IOException {
            send("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"test-model\","
                    + "\"choices\":[{\"index\":0," + choice.substring(1) + "]}\n\n");
        }

        private void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private static String json(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /** Thrown by a script to drop the connection mid-stream without finishing the response. */
    static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("dropping the connection mid-stream", null, false, false);
        }
    }

    final List<String> requestBodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FakeChatCompletionsServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, script));
        server.start();
    }

    private void handle(HttpExchange exchange, Script script) throws IOException {
        requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try {
            script.respond(requests.getAndIncrement(), new Stream(exchange.getResponseBody()));
            exchange.close();
        } catch (DropConnection e) {
            // HttpServer closes the raw connection when a handler fails: no last chunk is sent,
            // so the client sees the stream break in the middle.
            throw new IOException("connection dropped on purpose");
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
