package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The browser's side of the signalling socket, as a test sees it: send text, await JSON answers. */
final class SignallingClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    SignallingClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(JsonHttp.TIMEOUT)
                .buildAsync(uri, new Collector())
                .get(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    JsonObject exchange(String text) throws Exception {
        socket.sendText(text, true).get(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String answer = received.poll(JsonHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer == null) {
            throw new AssertionError("no answer to " + text + " within " + JsonHttp.TIMEOUT);
        }
        try (JsonReader reader = Json.createReader(new StringReader(answer))) {
            return reader.readObject();
        }
    }

    boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
