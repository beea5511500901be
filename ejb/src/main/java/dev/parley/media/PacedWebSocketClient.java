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
 *
 * <p>Every attempt, due or not, is a sign that the loop still runs ({@link #millisSinceLoopActivity()}).
 * The loop can end for good with the server up: when an attempt opens the socket but the server
 * does not answer the loop's {@code connect} request within the request timeout, the client keeps
 * the open socket, counts itself connected and never tries again, yet never reports the
 * reconnection either. {@link KurentoConnection} replaces such a client.
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

    /** The client's pause between reconnection attempts ({@code jsonRpcClientWebSocket.reconnectionDelay}'s default). */
    static final long LOOP_TICK_MILLIS = 2_000;

    private final Pacing pacing;
    private volatile boolean established;
    private volatile long loopActivityNanos = System.nanoTime();

    PacedWebSocketClient(String url, JsonRpcWSConnectionListener listener, Pacing pacing) {
        super(url, listener);
        this.pacing = pacing;
    }

    /** The first connection is up: from now on every attempt is a reconnection, paced. */
    void established() {
        established = true;
        loopActivityNanos = System.nanoTime();
    }

    /**
     * Milliseconds since a reconnection attempt last began or ended. While the connection is down
     * the loop makes one every 2 s; an attempt that hangs (a handshake without an answer has no
     * time limit in the client) shows as no activity too.
     */
    long millisSinceLoopActivity() {
        return (System.nanoTime() - loopActivityNanos) / 1_000_000;
    }

    @Override
    protected void connectNativeClient() throws Exception {
        if (!established) {
            super.connectNativeClient(); // the first connection: the caller bounds and reports it
            return;
        }
        loopActivityNanos = System.nanoTime();
        if (!pacing.attemptDue()) {
            throw new NotDueYet();
        }
        try {
            super.connectNativeClient();
        } catch (Exception e) {
            pacing.attemptFailed(e);
            throw e;
        } finally {
            loopActivityNanos = System.nanoTime();
        }
    }
}
