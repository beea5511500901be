package dev.parley.kms.access;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Decides on the WebSocket handshake request, before the upgrade: a browser {@code Origin} that is
 * not allowed ({@link OriginPolicy}) is answered 403, and when a secret is set, a request whose query has no
 * {@code secret} or a wrong one is answered 401. Each refusal is logged once, as one line without
 * a stack trace; the request URI (which holds the secret) is never logged. Once a handshake is let
 * through, the guard leaves the connection's pipeline.
 */
@ChannelHandler.Sharable
public final class HandshakeGuard extends ChannelInboundHandlerAdapter {
    public static final String SECRET_PARAMETER = "secret";
    private static final Logger LOG = System.getLogger(HandshakeGuard.class.getName());
    private static final int MAX_LOGGED_ORIGIN = 200;

    private final OriginPolicy origins;
    private final SharedSecret secret;

    public HandshakeGuard(OriginPolicy origins, SharedSecret secret) {
        this.origins = origins;
        this.secret = secret;
    }

    /** Why a handshake is refused: the HTTP status, the reason for the log and the client. */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            Refusal refusal = judge(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST),
                    request.uri());
            if (refusal != null) {
                ReferenceCountUtil.release(request);
                refuse(ctx, refusal);
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    /** Null when the handshake may go on. */
    Refusal judge(String origin, String host, String requestUri) {
        if (!origins.allows(origin, host, secret.isSet())) {
            return new Refusal(HttpResponseStatus.FORBIDDEN, "Origin '" + printable(origin) + "' is not allowed");
        }
        if (secret.isSet()) {
            List<String> given;
            try {
                given = new QueryStringDecoder(requestUri).parameters().get(SECRET_PARAMETER);
            } catch (IllegalArgumentException malformedEscape) {
                return new Refusal(HttpResponseStatus.UNAUTHORIZED, "malformed query in the URL");
            }
            if (given == null || given.isEmpty()) {
                return new Refusal(HttpResponseStatus.UNAUTHORIZED, "no secret in the URL");
            }
            if (given.size() != 1 || !secret.matches(given.get(0))) {
                return new Refusal(HttpResponseStatus.UNAUTHORIZED, "wrong secret in the URL");
            }
        }
        return null;
    }

    private static void refuse(ChannelHandlerContext ctx, Refusal refusal) {
        LOG.log(Level.WARNING, () -> "refused a WebSocket handshake from " + ctx.channel().remoteAddress() + " with "
                + refusal.status().code() + ": " + refusal.reason());
        ByteBuf body = Unpooled.copiedBuffer(refusal.status().reasonPhrase() + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (refusal.status() == HttpResponseStatus.UNAUTHORIZED) {
            // RFC 9110 asks a 401 to name a scheme; this one says where the credential goes.
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Secret realm=\"parley-media-server\", in=\"query\"");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** The header is the client's text: keep log lines single and short. */
    private static String printable(String value) {
        String cut = value.length() > MAX_LOGGED_ORIGIN ? value.substring(0, MAX_LOGGED_ORIGIN) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
