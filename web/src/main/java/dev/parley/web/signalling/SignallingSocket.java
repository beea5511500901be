package dev.parley.web.signalling;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signalling socket at {@code /parley/ws/session?token=...}: JSON-B messages in, JSON-B
 * messages out (docs/signalling.md). One instance per connection. On open, {@link AccessGate}
 * checks the page's Origin and the widget token; a refused connection gets one
 * {@link SignallingError} and is closed with 1008. Then {@link Hello} is answered with
 * {@link Ready} and the ICE servers; a malformed or refused message is answered with a
 * {@link SignallingError} and the connection stays usable; messages beyond the connection's rate
 * are dropped.
 */
@ServerEndpoint(value = "/ws/session", configurator = HandshakeRecorder.class)
public class SignallingSocket {

    private static final Logger LOG = Logger.getLogger(SignallingSocket.class.getName());
    /** Frames above this are cut off by the container (close 1009); below it, our own limit answers with an error. */
    private static final int CONTAINER_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    @Inject
    SignallingCodec codec;

    @Inject
    SignallingServices services;

    private final Clock clock = Clock.systemUTC();
    private volatile Session socket;
    private SignallingConnection connection;
    private MessageRouter router;
    private MessageRateLimiter rate;
    /** Names the connection in its TURN username: the widget token as presented (coturn's logs are matched by it), else the quota key. */
    private String turnUser;

    @OnOpen
    public void onOpen(Session session) {
        this.socket = session;
        Handshake handshake = Handshake.of(session.getUserProperties(), RemoteAddress.of(session));
        Admission admission;
        String token = token(session);
        try {
            admission = services.gate().admit(handshake, token, session.getId());
        } catch (AccessRefused refused) {
            LOG.log(Level.INFO, "signalling connection {0} refused: {1} (origin={2} address={3} user-agent={4})", new Object[] {
                    session.getId(), refused.getMessage(), AccessGate.printable(handshake.origin()),
                    AccessGate.printable(handshake.client().address()), AccessGate.printable(handshake.userAgent())});
            send(refused.error());
            closeRefused(session, refused.error().code());
            return;
        }
        LOG.log(Level.INFO, "signalling connection {0} opened: origin={1} address={2} user-agent={3} with {4}", new Object[] {
                session.getId(), AccessGate.printable(handshake.origin()), AccessGate.printable(handshake.client().address()),
                AccessGate.printable(handshake.userAgent()), admission.who()});
        // The token id (or the demo key), never the token: TURN usernames end up in coturn's logs.
        turnUser = admission.quotaKey();
        rate = new MessageRateLimiter(services.maxMessagesPerSecond(), System::nanoTime);
        connection = new SignallingConnection(services.shared(), admission, handshake.client(), this::send);
        router = new MessageRouter()
                .on(Ping.class, ping -> new Pong(ping.id(), clock.millis()))
                .on(Hello.class, this::hello)
                .on(Start.class, connection::start)
                .on(ClientIce.class, connection::ice)
                .on(Stop.class, connection::stop)
                .on(UserText.class, connection::text);
    }

    private ServerMessage hello(Hello hello) {
        if (hello.version() != null && hello.version() != Protocol.VERSION) {
            return new SignallingError(SignallingError.UNSUPPORTED_VERSION,
                    "this server speaks signalling version " + Protocol.VERSION + ", the client asked for " + hello.version());
        }
        return new Ready(Protocol.VERSION, services.iceServers().forUser(turnUser + "-" + socket.getId()),
                services.settings().maxMessageChars(), services.recordingNotice().orElse(null));
    }

    @OnMessage(maxMessageSize = CONTAINER_MAX_MESSAGE_BYTES)
    public void onMessage(String text, Session session) {
        if (router == null) {
            return; // refused at open; the close is on its way
        }
        switch (rate.next()) {
            case DROP:
                return;
            case DROP_AND_REPORT:
                send(new SignallingError(SignallingError.RATE_LIMITED, "more than " + rate.perSecond()
                        + " messages a second (parley.limits.max-messages-per-second): this one and the rest of the burst are dropped"));
                return;
            case ACCEPT:
            default:
                break;
        }
        int limit = services.settings().maxMessageChars();
        if (text.length() > limit) {
            send(new SignallingError(SignallingError.MESSAGE_TOO_LARGE,
                    "message of " + text.length() + " characters refused; the limit is " + limit));
            return;
        }
        ServerMessage answer;
        try {
            answer = router.route(codec.decode(text));
        } catch (MalformedMessageException e) {
            LOG.log(Level.FINE, "session {0}: {1}", new Object[] {session.getId(), e.getMessage()});
            answer = new SignallingError(SignallingError.MALFORMED_MESSAGE, e.getMessage());
        }
        if (answer != null) {
            send(answer);
        }
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        if (connection != null) {
            connection.closed();
        }
    }

    /**
     * A message above {@link #CONTAINER_MAX_MESSAGE_BYTES} in frames that fit Tyrus's 4 MiB input
     * buffer reaches here as a MessageTooBigException instead of {@link #onMessage}: it is closed
     * with 1009 and logged as one line, not as a warning with a stack trace. A single frame above
     * that buffer never reaches here: Tyrus logs it ("Buffer overflow.") and closes with 1011
     * inside its read handler, before any endpoint method is called (Payara 6.2025.9, Tyrus 2.1.5).
     */
    @OnError
    public void onError(Session session, Throwable error) {
        String id = session == null ? "?" : session.getId();
        if (OversizedMessage.is(error)) {
            LOG.log(Level.INFO, "signalling session {0}: a message above {1} bytes, closed with 1009 ({2})",
                    new Object[] {id, CONTAINER_MAX_MESSAGE_BYTES, error.getMessage()});
            if (session != null) {
                close(session, CloseReason.CloseCodes.TOO_BIG, "message larger than " + CONTAINER_MAX_MESSAGE_BYTES + " bytes");
            }
            return;
        }
        LOG.log(Level.WARNING, "signalling session " + id + " failed", error);
    }

    /**
     * Sends one message; called from container, worker, media-event and conversation threads, so
     * sends are serialised (the basic remote allows one at a time).
     */
    private void send(ServerMessage message) {
        Session s = socket;
        if (s == null || !s.isOpen()) {
            return; // the browser is gone; the session is ended by onClose
        }
        String text = codec.encode(message);
        synchronized (this) {
            try {
                s.getBasicRemote().sendText(text);
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.FINE, "signalling session " + s.getId() + ": a message could not be sent, the connection is closing", e);
            }
        }
    }

    private void closeRefused(Session session, String code) {
        close(session, CloseReason.CloseCodes.VIOLATED_POLICY, code);
    }

    private void close(Session session, CloseReason.CloseCode code, String reason) {
        synchronized (this) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(code, reason));
                }
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.FINE, "signalling session " + session.getId() + ": closing the connection (" + code + ") failed", e);
            }
        }
    }

    private static String token(Session session) {
        List<String> values = session.getRequestParameterMap().get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
