package dev.parley.web.signalling;

import jakarta.inject.Inject;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The signalling socket at {@code /parley/ws/session}: JSON-B messages in, JSON-B answers out. A
 * malformed message is answered with a {@link SignallingError} and the connection stays usable.
 */
@ServerEndpoint("/ws/session")
public class SignallingSocket {

    private static final Logger LOG = Logger.getLogger(SignallingSocket.class.getName());

    @Inject
    SignallingCodec codec;

    private final Clock clock = Clock.systemUTC();
    private final MessageRouter router = new MessageRouter()
            .on(Ping.class, ping -> new Pong(ping.id(), clock.millis()));

    @OnMessage
    public String onMessage(String text, Session session) {
        ServerMessage answer;
        try {
            answer = router.route(codec.decode(text));
        } catch (MalformedMessageException e) {
            LOG.log(Level.FINE, "session {0}: {1}", new Object[] {session.getId(), e.getMessage()});
            answer = new SignallingError(SignallingError.MALFORMED_MESSAGE, e.getMessage());
        }
        return codec.encode(answer);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        LOG.log(Level.WARNING, "signalling session " + (session == null ? "?" : session.getId()) + " failed", error);
    }
}
