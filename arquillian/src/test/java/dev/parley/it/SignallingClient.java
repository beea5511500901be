package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The browser's side of the signalling socket, as a test sees it: handshake headers of its choice
 * (a browser always sends Origin), send text, await JSON answers and the close.
 */
public final class SignallingClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** @param headers handshake headers, e.g. Origin and User-Agent */
    public SignallingClient(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(JsonHttp.TIMEOUT);
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new WholeTextListener(received::add, (code, reason) -> closed.complete(code),
                closed::completeExceptionally)).get(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** A client whose page is {@code origin}. */
    public static SignallingClient from(String origin, URI uri) throws Exception {
        return new SignallingClient(uri, Map.of("Origin", origin));
    }

    public JsonObject exchange(String text) throws Exception {
        send(text);
        return next();
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message the server sent. */
    public JsonObject next() throws Exception {
        String answer = received.poll(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer == null) {
            ServerDiagnostics.print("no message from the server within " + JsonHttp.TIMEOUT);
            throw new AssertionError("no message from the server within " + JsonHttp.TIMEOUT
                    + (closed.isDone() ? " (closed with " + closed.getNow(-1) + ")" : ""));
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer))) {
            return reader.readObject();
        }
    }

    /** The next message of {@code type}, skipping others (e.g. trickled ice). */
    public JsonObject next(String type) throws Exception {
        while (true) {
            JsonObject message = next();
            if (type.equals(message.getString("type"))) {
                return message;
            }
        }
    }

    /** The next message, or null if none arrives within {@code millis}. */
    public JsonObject poll(long millis) throws Exception {
        String answer = received.poll(millis, TimeUnit.MILLISECONDS);
        if (answer == null) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer))) {
            return reader.readObject();
        }
    }

    /** The status code the server closed the socket with. */
    public int awaitClose() throws Exception {
        return closed.get(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
