package dev.parley.kms.transport;

import com.google.gson.JsonObject;
import dev.parley.kms.access.HandshakeGuard;
import dev.parley.kms.protocol.JsonRpcHandler;
import dev.parley.kms.session.EventDelivery;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The server's WebSocket side (KMS WebSocketTransport): accepts clients on one address and path,
 * ties connections to sessions and delivers events to them. Built on Netty: writes from any
 * thread are queued onto the channel's event loop, so responses and events never get stranded.
 * Every handshake passes the {@link HandshakeGuard} (Origin, secret) before it is upgraded.
 */
public final class WebSocketTransport implements AutoCloseable {
    private static final int MAX_HANDSHAKE_BYTES = 64 * 1024;
    /**
     * KMS sets no limit of its own, so websocketpp's default max_message_size applies: 32,000,000
     * bytes; a bigger message is refused with close code 1009, as here.
     */
    static final int MAX_MESSAGE_BYTES = 32_000_000;
    private static final int IO_THREADS = 2;
    private static final long SHUTDOWN_QUIET_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final InetSocketAddress address;
    private final String path;
    private final ExecutorService requestPool;
    private final SessionConnections sessions;
    private final HandshakeGuard guard;
    private final ChannelGroup channels = new DefaultChannelGroup("kurento-clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private Channel serverChannel;

    public WebSocketTransport(InetSocketAddress address, String path, ExecutorService requestPool,
                              ExecutorService eventThread, Function<JsonObject, String> serializer,
                              HandshakeGuard guard) {
        this.address = address;
        this.guard = guard;
        this.path = "/" + path;
        this.requestPool = requestPool;
        this.sessions = new SessionConnections(eventThread, serializer);
    }

    public EventDelivery eventDelivery() {
        return sessions;
    }

    public boolean hasOpenConnection(String sessionId) {
        return sessions.hasOpenConnection(sessionId);
    }

    /** Binds and starts accepting; fails with the bind error (e.g. port in use). */
    public void start(JsonRpcHandler handler) {
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("kms-ws-accept", true));
        io = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("kms-ws-io", true));
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .closeOnProtocolViolation(false) // KurentoFrameHandler closes, see KurentoProtocolHandler
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_HANDSHAKE_BYTES),
                                guard,
                                new KurentoProtocolHandler(protocol),
                                new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                                new KurentoFrameHandler(path, handler, requestPool, sessions));
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            throw new IllegalStateException("cannot listen on " + address + ": " + bound.cause().getMessage(), bound.cause());
        }
        serverChannel = bound.channel();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int openConnections() {
        return channels.size();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        for (EventLoopGroup group : new EventLoopGroup[] {acceptor, io}) {
            if (group != null) {
                group.shutdownGracefully(SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                        .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS + 1000);
            }
        }
    }
}
