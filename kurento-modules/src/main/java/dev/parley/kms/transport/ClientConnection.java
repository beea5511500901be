package dev.parley.kms.transport;

import dev.parley.kms.protocol.RpcConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One client WebSocket and the session it is tied to. */
final class ClientConnection implements RpcConnection {
    private final Channel channel;
    private final SessionConnections sessions;
    private volatile String sessionId;

    ClientConnection(Channel channel, SessionConnections sessions) {
        this.channel = channel;
        this.sessions = sessions;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void tie(String newSessionId) {
        String old = sessionId;
        if (newSessionId.equals(old)) {
            return;
        }
        sessionId = newSessionId;
        sessions.tie(newSessionId, this, old);
    }

    /** Thread-safe: Netty queues the write onto the channel's own event loop. */
    void send(String text) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }
    }
}
