package dev.parley.kms.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare WebSocket client for what the Kurento client cannot send: malformed JSON, wrong
 * envelopes, and the server's {@code parley.diagnostics} counts.
 */
public final class RawKurentoSocket implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /**
     * Request ids start at a random offset: KMS caches responses per (session, request id), so two
     * sockets of one session counting from 1 would be answered from each other's cache.
     */
    private final AtomicInteger nextId = new AtomicInteger(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000) * 1000);
    private volatile boolean opened;
    private volatile int closeCode;
    private volatile String closeReason;
    private final WebSocketClient client;

    public RawKurentoSocket(String url) throws InterruptedException {
        client = new WebSocketClient(URI.create(url)) {
            @Override
            public void onOpen(ServerHandshake handshake) {
                opened = true;
            }

            @Override
            public void onMessage(String message) {
                received.add(message);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                closeCode = code;
                closeReason = reason;
                received.add("");
            }

            @Override
            public void onError(Exception ex) {
            }
        };
        // A server may close right after the handshake (wrong path): that still counts as connected.
        if (!client.connectBlocking(TIMEOUT_SECONDS, TimeUnit.SECONDS) && !opened) {
            throw new IllegalStateException("cannot connect to " + url);
        }
    }

    /** Sends raw text and returns the next message the server sends. */
    public JsonObject exchange(String text) throws InterruptedException {
        client.send(text);
        return next();
    }

    /** Sends the text as one binary frame (UTF-8) and returns the next message the server sends. */
    public JsonObject exchangeBinary(String text) throws InterruptedException {
        client.send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return next();
    }

    /** Sends raw text without waiting for anything. */
    public void send(String text) {
        client.send(text);
    }

    public JsonObject next() throws InterruptedException {
        String message = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (message == null || message.isEmpty()) {
            throw new AssertionError("no answer from the server (closed: " + closeCode + " " + closeReason + ")");
        }
        return JsonParser.parseString(message).getAsJsonObject();
    }

    /** A well-formed request with a fresh id. */
    public JsonObject request(String method, JsonObject params) throws InterruptedException {
        JsonObject request = new JsonObject();
        request.addProperty("jsonrpc", "2.0");
        request.addProperty("id", nextId.getAndIncrement());
        request.addProperty("method", method);
        if (params != null) {
            request.add("params", params);
        }
        return exchange(request.toString());
    }

    /** The server's own counts: objects, pipelines, sessions, threads, sockets, udpSockets... */
    public JsonObject diagnostics() throws InterruptedException {
        return request("parley.diagnostics", new JsonObject()).getAsJsonObject("result");
    }

    /** Waits until the server closes the socket. */
    public boolean awaitServerClose() throws InterruptedException {
        String marker = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        while (marker != null && !marker.isEmpty()) {
            marker = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return marker != null;
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return client.isOpen();
    }

    @Override
    public void close() {
        try {
            client.closeBlocking();
        } catch (InterruptedException e) {
            // The close frame went out before the wait: the client's own thread still ends the
            // connection when the server answers or goes away.
            Thread.currentThread().interrupt();
        }
    }
}
