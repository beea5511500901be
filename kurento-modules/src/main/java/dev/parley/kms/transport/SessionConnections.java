package dev.parley.kms.transport;

import com.google.gson.JsonObject;
import dev.parley.kms.session.EventDelivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Which open connection each session is tied to. Events go out on that connection, posted on
 * one event thread (like KMS's worker pool) so they never block the engine thread that raised them.
 */
final class SessionConnections implements EventDelivery {
    private static final Logger LOG = System.getLogger(SessionConnections.class.getName());

    private final Map<String, ClientConnection> bySession = new ConcurrentHashMap<>();
    private final ExecutorService eventThread;
    private final Function<JsonObject, String> serializer;

    SessionConnections(ExecutorService eventThread, Function<JsonObject, String> serializer) {
        this.eventThread = eventThread;
        this.serializer = serializer;
    }

    void tie(String sessionId, ClientConnection connection, String previousSessionId) {
        if (previousSessionId != null) {
            LOG.log(Level.WARNING, () -> "connection re-tied from session " + previousSessionId + " to " + sessionId);
            bySession.remove(previousSessionId, connection);
        }
        bySession.put(sessionId, connection);
    }

    void closed(ClientConnection connection) {
        bySession.values().removeIf(c -> c == connection);
    }

    boolean hasOpenConnection(String sessionId) {
        ClientConnection c = bySession.get(sessionId);
        return c != null && c.isOpen();
    }

    @Override
    public void deliver(String sessionId, JsonObject notification) {
        ClientConnection connection = bySession.get(sessionId);
        if (connection == null) {
            return; // the client is away: KMS drops the event too
        }
        String text = serializer.apply(notification);
        try {
            eventThread.execute(() -> connection.send(text));
        } catch (RejectedExecutionException stopping) {
            // the server is shutting down
        }
    }
}
