package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationState;
import dev.parley.conversation.TurnMetrics;
import dev.parley.media.MediaServerUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refusals of the signalling connection that need no media; the happy path runs in the browser ITs. */
class SignallingConnectionTest {

    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

    private final List<ServerMessage> sent = new ArrayList<>();
    private final SessionQuota quota = new SessionQuota(1);

    private SignallingConnection connection(SessionOpener opener) {
        return new SignallingConnection("t", quota, opener, Runnable::run, sent::add);
    }

    private static SessionOpener unreachableMediaServer() {
        return (ice, events, client) -> {
            throw new MediaServerUnavailableException("ws://127.0.0.1:1/kurento refused the connection");
        };
    }

    @Test
    void anOfferThatIsNotSdpIsRefusedWithoutOpeningMedia() {
        var error = assertInstanceOf(SignallingError.class, connection((i, e, c) -> {
            throw new AssertionError("media must not be opened for a bad offer");
        }).start(new Start(1, "hello, I am not SDP", null)));
        assertEquals(SignallingError.INVALID_SDP, error.code());
        assertTrue(error.message().contains("hello, I am not SDP"), error.message());
        assertEquals(0, quota.held("t"));
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        var error = assertInstanceOf(SignallingError.class, connection(unreachableMediaServer()).start(new Start(2, OFFER, null)));
        assertEquals(SignallingError.UNSUPPORTED_VERSION, error.code());
    }

    @Test
    void unreachableMediaServerIsAnErrorAndFreesTheTokensSlot() {
        var connection = connection(unreachableMediaServer());
        assertNull(connection.start(new Start(null, OFFER, "en-US")));
        var error = assertInstanceOf(SignallingError.class, sent.get(0));
        assertEquals(SignallingError.MEDIA_UNAVAILABLE, error.code());
        assertTrue(error.message().contains("ws://127.0.0.1:1/kurento"), error.message());
        assertEquals(0, quota.held("t"));
    }

    @Test
    void aTokenCannotHoldMoreSessionsThanItsQuota() {
        assertTrue(quota.tryAcquire("t"));
        var error = assertInstanceOf(SignallingError.class, connection(unreachableMediaServer()).start(new Start(1, OFFER, null)));
        assertEquals(SignallingError.TOO_MANY_SESSIONS, error.code());
        assertEquals(1, quota.held("t"));
        quota.release("t");
        assertEquals(0, quota.held("t"));
    }

    @Test
    void iceAndStopWithoutASessionAreErrors() {
        var connection = connection(unreachableMediaServer());
        var ice = assertInstanceOf(SignallingError.class, connection.ice(new ClientIce(new Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0))));
        assertEquals(SignallingError.NO_SESSION, ice.code());
        var stop = assertInstanceOf(SignallingError.class, connection.stop(new Stop(null)));
        assertEquals(SignallingError.NO_SESSION, stop.code());
    }

    @Test
    void conversationEventsBecomeCaptionsStatesAndMetrics() {
        assertEquals(new TranscriptMessage("user", true, "what is"), SignallingConnection.toMessage(new ConversationEvent.PartialTranscript(1, "what is")));
        assertEquals(new TranscriptMessage("user", false, "what is parley"), SignallingConnection.toMessage(new ConversationEvent.FinalTranscript(1, "what is parley")));
        assertEquals(new TranscriptMessage("agent", false, "Parley is"), SignallingConnection.toMessage(new ConversationEvent.AgentText(1, 1, "Parley is")));
        assertEquals(new StateMessage("thinking"), SignallingConnection.toMessage(
                new ConversationEvent.StateChanged(1, ConversationState.LISTENING, ConversationState.THINKING)));
        var metrics = assertInstanceOf(MetricsMessage.class, SignallingConnection.toMessage(new ConversationEvent.TurnCompleted(1,
                new TurnMetrics(3, 0, 0, 200_000_000L, 250_000_000L, 400_000_000L, 450_000_000L, TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, 0, false))));
        assertEquals(3, metrics.turn());
        assertEquals(450, metrics.responseLatencyMillis());
        assertEquals(200, metrics.sttFinalMillis());
        assertEquals(-1, metrics.bargeInReactionMillis());
    }
}
