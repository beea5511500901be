package dev.parley.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import dev.parley.it.WholeTextListener;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw client of the signalling socket, for what a browser would never send. */
final class SignallingSocketClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private volatile int closeCode = -1;

    /** @param origin sent as the Origin header, as a browser on that page would (the socket refuses foreign pages) */
    SignallingSocketClient(URI uri, String origin) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT).header("Origin", origin)
                .buildAsync(uri, new WholeTextListener(this::receive, (code, reason) -> closeCode = code, error -> { })).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message of {@code type}, skipping others (e.g. trickled ice). */
    JsonObject next(String type) throws Exception {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && type.equals(m.getString("type"))) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' message within " + TIMEOUT.toSeconds() + " s (close code " + closeCode + ")");
    }

    /** The next message of either type. */
    JsonObject nextOf(String type, String otherType) throws Exception {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            JsonObject m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && (type.equals(m.getString("type")) || otherType.equals(m.getString("type")))) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' or '" + otherType + "' message within " + TIMEOUT.toSeconds() + " s");
    }

    JsonObject exchange(String text, String type) throws Exception {
        send(text);
        return next(type);
    }

    boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Drops the connection without a close handshake, as a vanishing browser would; {@link #close()} does the same. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        abort();
    }

    private void receive(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            received.add(reader.readObject());
        }
    }
}
