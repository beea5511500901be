package dev.parley.it;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A WebSocket listener for the signalling socket's tests: hands each text message on whole (the
 * JDK delivers a long one in parts) and reports the close and any error.
 */
public final class WholeTextListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onMessage;
    private final BiConsumer<Integer, String> onClose;
    private final Consumer<Throwable> onError;

    public WholeTextListener(Consumer<String> onMessage, BiConsumer<Integer, String> onClose, Consumer<Throwable> onError) {
        this.onMessage = onMessage;
        this.onClose = onClose;
        this.onError = onError;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            onMessage.accept(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        onClose.accept(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        onError.accept(error);
    }
}
