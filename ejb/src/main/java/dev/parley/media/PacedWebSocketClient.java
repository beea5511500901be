package dev.parley.media;

import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;

import java.io.IOException;

/**
 * The Kurento client's WebSocket, with its reconnection paced by {@link OutagePolicy}: once the
 * connection has been established, the client's own loop (every 2 s, fixed by
 * {@code jsonRpcClientWebSocket.reconnectionDelay}, JVM-wide) calls {@link #connectNativeClient}
 * again and again while the server is down; an attempt that is not due yet fails at once without
 * touching the network, and each real failure is reported to the policy.
 */
final class PacedWebSocketClient extends JsonRpcClientNettyWebSocket {

    /** What the connection does with each reconnection attempt's outcome. */
    interface Pacing {
        boolean attemptDue();

        void attemptFailed(Exception cause);
    }

    /** An attempt skipped because the backoff says not yet; the client's loop just tries again later. */
    static final class NotDueYet extends IOException {

        private static final long serialVersionUID = 1L;
        NotDueYet() {
            super("the next attempt to reach the media server is not due yet", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown every 2 s while the server is down: no stack to build
        }
    }

    private final Pacing pacing;
    private volatile boolean established;

    PacedWebSocketClient(String url, JsonRpcWSConnectionListener listener, Pacing pacing) {
        super(url, listener);
        this.pacing = pacing;
    }

    /** The first connection is up: from now on every attempt is a reconnection, paced. */
    void established() {
        established = true;
    }

    @Override
    protected void connectNativeClient() throws Exception {
        if (!established) {
            super.connectNativeClient(); // the first connection: the caller bounds and reports it
            return;
        }
        if (!pacing.attemptDue()) {
            throw new NotDueYet();
        }
        try {
            super.connectNativeClient();
        } catch (Exception e) {
            pacing.attemptFailed(e);
            throw e;
        }
    }
}
