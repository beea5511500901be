package dev.parley.kms.transport;

import dev.parley.kms.protocol.JsonRpcHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Text and binary frames in, JSON-RPC out: KMS's websocketpp handler parses both kinds as
 * UTF-8 JSON, and some kurento-client-js builds send binary frames. Requests run on the request pool, never on the I/O thread, so a
 * slow {@code processOffer} holds up nobody else. After the handshake, any path but the
 * configured one is closed with "Invalid path", as KMS does.
 */
final class KurentoFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = System.getLogger(KurentoFrameHandler.class.getName());
    /** How long a client refused for a bad frame may keep sending and read the close frame. */
    private static final long CLOSE_GRACE_MILLIS = 1000;
    private static final AttributeKey<ClientConnection> CONNECTION = AttributeKey.valueOf("kurentoConnection");

    private final String path;
    private final JsonRpcHandler handler;
    private final ExecutorService requestPool;
    private final SessionConnections sessions;

    KurentoFrameHandler(String path, JsonRpcHandler handler, ExecutorService requestPool, SessionConnections sessions) {
        this.path = path;
        this.handler = handler;
        this.requestPool = requestPool;
        this.sessions = sessions;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            String uri = handshake.requestUri();
            int query = uri.indexOf('?');
            String requested = query < 0 ? uri : uri.substring(0, query);
            if (!requested.equals(path)) {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR.code(), "Invalid path"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().attr(CONNECTION).set(new ClientConnection(ctx.channel(), sessions));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ClientConnection connection = ctx.channel().attr(CONNECTION).get();
        if (connection == null) {
            return;
        }
        String message;
        if (frame instanceof TextWebSocketFrame text) {
            message = text.text();
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            message = binary.content().toString(StandardCharsets.UTF_8);
        } else {
            return;
        }
        try {
            requestPool.execute(() -> {
                LOG.log(Level.TRACE, () -> "-> " + message);
                String response = handler.handle(message, connection);
                if (response != null) {
                    LOG.log(Level.TRACE, () -> "<- " + response);
                    connection.send(response);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // shutting down: the channel is about to close
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ClientConnection connection = ctx.channel().attr(CONNECTION).get();
        if (connection != null) {
            sessions.closed(connection);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status = cause instanceof CorruptedWebSocketFrameException corrupt ? corrupt.closeStatus()
                : cause instanceof TooLongFrameException ? WebSocketCloseStatus.MESSAGE_TOO_BIG : null;
        if (status == null) {
            LOG.log(Level.DEBUG, "closing WebSocket " + ctx.channel().remoteAddress() + " after an error", cause);
            ctx.close();
            return;
        }
        // Like websocketpp: say why in a close frame, then give the client time to finish sending
        // (the decoder discards the rest) and to read it; closing at once would reset the
        // connection with unread input, and the client would never see the status.
        LOG.log(Level.DEBUG, () -> "closing WebSocket " + ctx.channel().remoteAddress() + " with " + status.code() + ": " + cause.getMessage());
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), cause.getMessage()))
                .addListener(sent -> ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS));
    }
}
