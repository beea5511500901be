package dev.parley.kms.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Netty's WebSocket upgrade and control-frame handling, except that a frame the decoder refuses
 * (too big, malformed) does not close the connection here: Netty would close it at once, racing
 * its own "1000 Bye" against the decoder's close frame and resetting the TCP connection while the
 * client still sends. {@link KurentoFrameHandler} closes such a connection the way websocketpp
 * does instead.
 */
final class KurentoProtocolHandler extends WebSocketServerProtocolHandler {

    KurentoProtocolHandler(WebSocketServerProtocolConfig config) {
        super(config);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof CorruptedWebSocketFrameException) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
