package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationState;
import dev.parley.conversation.SessionEndCause;
import dev.parley.conversation.TurnMetrics;
import dev.parley.media.IceCandidateMessage;
import dev.parley.media.MediaServerUnavailableException;
import dev.parley.session.ClientInfo;
import dev.parley.session.VoiceSessionEnded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The signalling connection with a fake media side; the real one runs in the Payara ITs. */
class SignallingConnectionTest {

    private static final String OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private static final ClientInfo CLIENT = new ClientInfo("192.0.2.7", "Firefox/140", "https://portal.example.com");
    private static final Admission ADMISSION = new Admission("t", Duration.ofSeconds(90), "token t");

    private final List<ServerMessage> sent = new ArrayList<>();
    private final SessionQuota quota = new SessionQuota(1);
    private final SessionSlots slots = new SessionSlots(2);

    private SignallingConnection connection(SessionOpener opener) {
        return connection(opener, ADMISSION);
    }

    private SignallingConnection connection(SessionOpener opener, Admission admission) {
        return new SignallingConnection(new SignallingConnection.Shared(quota, slots, new SupportedLanguages(List.of("en")), opener,
                Runnable::run), admission, CLIENT, sent::add);
    }

    /** A voice session that answers every offer and remembers how it was ended. */
    static final class FakeSession implements SessionHandle {
        final AtomicInteger ends = new AtomicInteger();
        final java.util.List<String> texts = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile VoiceSessionEnded endedWith;

        @Override
        public void userText(String text) {
            texts.add(text);
        }

        @Override
        public String id() {
            return "s-1";
        }

        @Override
        public String answerBrowserOffer(String sdpOffer) {
            return "v=0 answer";
        }

        @Override
        public void addBrowserCandidate(IceCandidateMessage candidate) {
        }

        @Override
        public void end(SessionEndCause cause, String detail) {
            if (ends.incrementAndGet() == 1) {
                endedWith = new VoiceSessionEnded(id(), cause, detail);
            }
        }

        @Override
        public VoiceSessionEnded endedWith() {
            return endedWith;
        }
    }

    private static SessionOpener unreachableMediaServer() {
        return (ice, events, client, limit) -> {
            throw new MediaServerUnavailableException("the media server at ws://127.0.0.1:1/kurento?secret=*** is not reachable");
        };
    }

    @Test
    void anOfferThatIsNotSdpIsRefusedWithoutOpeningMedia() {
        var error = assertInstanceOf(SignallingError.class, connection((i, e, c, l) -> {
            throw new AssertionError("media must not be opened for a bad offer");
        }).start(new Start(1, "hello, I am not SDP", null, null)));
        assertEquals(SignallingError.INVALID_SDP, error.code());
        assertTrue(error.message().contains("hello, I am not SDP"), error.message());
        assertEquals(0, quota.held("t"));
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        var error = assertInstanceOf(SignallingError.class, connection(unreachableMediaServer()).start(new Start(2, OFFER, null, null)));
        assertEquals(SignallingError.UNSUPPORTED_VERSION, error.code());
    }

    @Test
    void unreachableMediaServerIsAnErrorThatDoesNotSayWhereItIsAndFreesTheTokensSlot() {
        var connection = connection(unreachableMediaServer());
        assertNull(connection.start(new Start(null, OFFER, "en-US", null)));
        var error = assertInstanceOf(SignallingError.class, sent.get(0));
        assertEquals(SignallingError.MEDIA_UNAVAILABLE, error.code());
        assertEquals("the media server cannot be reached; try again later", error.message());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }

    @Test
    void aTokenCannotHoldMoreSessionsThanItsQuota() {
        assertTrue(quota.tryAcquire("t"));
        var error = assertInstanceOf(SignallingError.class, connection(unreachableMediaServer()).start(new Start(1, OFFER, null, null)));
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
    void aTypedTextGoesToTheSessionAndBadOnesAreRefusedWithoutReachingIt() {
        FakeSession session = new FakeSession();
        var connection = connection((ice, events, client, limit) -> session);
        assertEquals(SignallingError.NO_SESSION, assertInstanceOf(SignallingError.class, connection.text(new UserText("hello"))).code());
        assertNull(connection.start(new Start(1, OFFER, null, null)));

        assertNull(connection.text(new UserText("  what can you do?  ")));
        var blank = assertInstanceOf(SignallingError.class, connection.text(new UserText("   ")));
        assertEquals(SignallingError.MALFORMED_MESSAGE, blank.code());
        assertEquals(SignallingError.MALFORMED_MESSAGE, assertInstanceOf(SignallingError.class, connection.text(new UserText(null))).code());
        assertNull(connection.text(new UserText("x".repeat(UserText.MAX_CHARS))));
        var tooLong = assertInstanceOf(SignallingError.class, connection.text(new UserText("x".repeat(UserText.MAX_CHARS + 1))));
        assertEquals(SignallingError.TEXT_TOO_LONG, tooLong.code());
        assertTrue(tooLong.message().contains("1000"), tooLong.message());

        assertEquals(java.util.List.of("what can you do?", "x".repeat(UserText.MAX_CHARS)), session.texts);
    }

    @Test
    void pausesAndResumesOfTheAgentAreTold() {
        assertEquals(new AgentPausedMessage(), SignallingConnection.toMessage(new ConversationEvent.AgentPaused(1, 2, 40)));
        assertEquals(new AgentResumedMessage(), SignallingConnection.toMessage(new ConversationEvent.AgentResumed(1, 2, 5)));
        assertEquals(new Interrupted("The museum"), SignallingConnection.toMessage(new ConversationEvent.AgentInterrupted(1, 2, "The museum", 40)));
    }

    @Test
    void conversationEventsBecomeCaptionsStatesAndMetrics() {
        assertEquals(new TranscriptMessage("user", true, "what is"), SignallingConnection.toMessage(new ConversationEvent.PartialTranscript(1, "what is")));
        assertEquals(new TranscriptMessage("user", false, "what is parley"), SignallingConnection.toMessage(new ConversationEvent.FinalTranscript(1, "what is parley")));
        assertEquals(new TranscriptMessage("user", false, "can you tell me what voice", true),
                SignallingConnection.toMessage(new ConversationEvent.FinalTranscript(1, "can you tell me what voice", true)));
        assertEquals(new TranscriptMessage("user", true, "can you tell me what", true),
                SignallingConnection.toMessage(new ConversationEvent.PartialTranscript(1, "can you tell me what", true)));
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

    /** The session times its own maximum duration (see ConversationEngine, SessionMaxDurationTest); signalling passes the admission's on and tells the end. */
    @Test
    void theSessionIsOpenedWithWhoConnectedAndTheAdmissionsMaximumDurationAndItsEndThenIsToldAsMaxDuration() {
        FakeSession session = new FakeSession();
        AtomicReference<ClientInfo> openedFor = new AtomicReference<>();
        AtomicReference<Duration> openedWithLimit = new AtomicReference<>();
        AtomicReference<dev.parley.conversation.ConversationListener> listener = new AtomicReference<>();
        var connection = connection((ice, events, client, limit) -> {
            openedFor.set(client);
            openedWithLimit.set(limit);
            listener.set(events);
            return session;
        });

        assertNull(connection.start(new Start(1, OFFER, "en-GB", null)));
        assertEquals(CLIENT, openedFor.get());
        assertEquals(Duration.ofSeconds(90), openedWithLimit.get());
        assertEquals(new Answer("s-1", "v=0 answer"), sent.get(0));
        assertEquals(1, quota.held("t"));
        assertEquals(1, slots.taken());

        // as VoiceSession does when its conversation reaches the limit: the event first, then the session ends
        listener.get().onEvent(new ConversationEvent.SessionEnded(0, SessionEndCause.MAX_DURATION,
                "the session reached its maximum duration of 90 s"));
        session.end(SessionEndCause.MAX_DURATION, "the session reached its maximum duration of 90 s");

        var ended = assertInstanceOf(Ended.class, sent.get(1));
        assertEquals("max-duration", ended.reason());
        assertEquals("s-1", ended.sessionId());
        assertTrue(ended.detail().contains("90 s"), ended.detail());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
        assertNull(connection.start(new Start(1, OFFER, null, null)), "the connection can start again");
    }
    @Test
    void theCallersZoneReachesThePlacement() {
        AtomicReference<ClientInfo> openedFor = new AtomicReference<>();
        var zoned = connection((ice, events, client, limit) -> {
            openedFor.set(client);
            return new FakeSession();
        });
        assertNull(zoned.start(new Start(1, OFFER, null, "EU-West")));
        assertEquals(CLIENT.withZone("eu-west"), openedFor.get());
    }

    @Test
    void theTokensZoneWinsOverThePagesOwn() {
        AtomicReference<ClientInfo> openedFor = new AtomicReference<>();
        var zoned = connection((ice, events, client, limit) -> {
            openedFor.set(client);
            return new FakeSession();
        }, new Admission("t", Duration.ofSeconds(90), "token t", null, "us-east"));
        assertNull(zoned.start(new Start(1, OFFER, null, "EU-West")));
        assertEquals(CLIENT.withZone("us-east"), openedFor.get());
    }

    @Test
    void aMalformedZoneIsAHintNotTaken() {
        AtomicReference<ClientInfo> openedFor = new AtomicReference<>();
        var malformed = connection((ice, events, client, limit) -> {
            openedFor.set(client);
            return new FakeSession();
        });
        assertNull(malformed.start(new Start(1, OFFER, null, "eu west; drop")));
        assertEquals(CLIENT, openedFor.get(), "no zone: any server will do");
    }


    @Test
    void aHungUpSessionEndsAndFreesItsSlots() {
        FakeSession session = new FakeSession();
        var connection = connection((ice, events, client, limit) -> session);
        assertNull(connection.start(new Start(1, OFFER, null, null)));

        assertNull(connection.stop(new Stop("bye")));

        assertEquals(SessionEndCause.HANG_UP, session.endedWith.cause());
        assertEquals("hang-up", assertInstanceOf(Ended.class, sent.get(1)).reason());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }

    @Test
    void aStartBeyondTheServersSessionCapIsServerBusyAndOpensNothing() {
        assertTrue(slots.tryAcquire());
        assertTrue(slots.tryAcquire());
        var error = assertInstanceOf(SignallingError.class, connection((i, e, c, l) -> {
            throw new AssertionError("nothing may be opened beyond the cap");
        }).start(new Start(1, OFFER, null, null)));

        assertEquals(SignallingError.SERVER_BUSY, error.code());
        assertTrue(error.message().contains("parley.limits.max-concurrent-sessions"), error.message());
        assertEquals(0, quota.held("t"), "the token's slot is given back");
        assertEquals(2, slots.taken());
    }

    @Test
    void aLanguageTheProvidersDoNotSpeakIsRefusedNamingWhatTheyDo() {
        var connection = connection((i, e, c, l) -> {
            throw new AssertionError("nothing may be opened for an unsupported language");
        });
        var error = assertInstanceOf(SignallingError.class, connection.start(new Start(1, OFFER, "de-DE", null)));

        assertEquals(SignallingError.UNSUPPORTED_LANGUAGE, error.code());
        assertTrue(error.message().contains("'de-DE'") && error.message().contains("supported: en")
                && error.message().contains(SignallingSettings.LANGUAGES), error.message());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }

    @Test
    void aSessionThatFinishesOpeningAfterTheClientLeftIsEndedAtOnce() {
        FakeSession session = new FakeSession();
        List<Runnable> pending = new ArrayList<>();
        var connection = new SignallingConnection(new SignallingConnection.Shared(quota, slots, new SupportedLanguages(List.of("en")),
                (ice, events, client, limit) -> session, pending::add), ADMISSION, CLIENT, sent::add);
        assertNull(connection.start(new Start(1, OFFER, null, null)));

        connection.closed(); // while the media is still being built
        assertEquals(0, quota.held("t"));
        pending.get(0).run(); // the media is ready now

        assertEquals(SessionEndCause.CLIENT_GONE, session.endedWith.cause());
        assertEquals(1, sent.size(), "only ended, no answer: " + sent);
        assertEquals("client-gone", assertInstanceOf(Ended.class, sent.get(0)).reason());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }

    @Test
    void aLostMediaServerEndsTheCallWithoutTellingTheBrowserItsInternalAddress() {
        FakeSession session = new FakeSession();
        AtomicReference<dev.parley.conversation.ConversationListener> listener = new AtomicReference<>();
        var connection = connection((ice, events, client, limit) -> {
            listener.set(events);
            return session;
        });
        assertNull(connection.start(new Start(1, OFFER, null, null)));
        String internal = "the connection to the media server at ws://10.0.0.5:8888/kurento?secret=abc dropped";
        session.end(SessionEndCause.MEDIA_SERVER_LOST, internal); // as VoiceSession does, then its engine reports the end
        listener.get().onEvent(new ConversationEvent.SessionEnded(0, SessionEndCause.MEDIA_SERVER_LOST, internal));

        var ended = assertInstanceOf(Ended.class, sent.get(1));
        assertEquals("media-server-lost", ended.reason());
        assertEquals("the server lost its connection to its media server", ended.detail());
        assertEquals(0, slots.taken());
        listener.get().onEvent(new ConversationEvent.ProviderFailed(0, "llm", "POST https://llm.internal:8443/v1/chat?key=k failed"));
        var failed = assertInstanceOf(SignallingError.class, sent.get(2));
        assertEquals("llm: POST (internal address) failed", failed.message());
    }

    @Test
    void connectionsWithoutATokenFromOneAddressHoldAtMostTheirBoundTogether() {
        SessionQuota perClient = new SessionQuota(1);
        FakeSession first = new FakeSession();
        var shared = new SignallingConnection.Shared(quota, slots, new SupportedLanguages(List.of("en")), (i, e, c, l) -> first,
                Runnable::run, perClient);
        var a = new SignallingConnection(shared, new Admission("demo-1", Duration.ofSeconds(90), "demo", "address 192.0.2.7", null), CLIENT, sent::add);
        var b = new SignallingConnection(shared, new Admission("demo-2", Duration.ofSeconds(90), "demo", "address 192.0.2.7", null), CLIENT, sent::add);
        var other = new SignallingConnection(shared, new Admission("demo-3", Duration.ofSeconds(90), "demo", "address 198.51.100.1", null), CLIENT,
                sent::add);

        assertNull(a.start(new Start(1, OFFER, null, null)));
        var refused = assertInstanceOf(SignallingError.class, b.start(new Start(1, OFFER, null, null)));
        assertEquals(SignallingError.TOO_MANY_SESSIONS, refused.code());
        assertTrue(refused.message().contains(SignallingSettings.MAX_SESSIONS_PER_CLIENT), refused.message());
        assertEquals(0, quota.held("demo-2"), "the refused connection's own quota is given back");
        assertEquals(1, slots.taken(), "and no server slot is taken");
        assertNull(other.start(new Start(1, OFFER, null, null)), "another address is not affected");

        assertNull(a.stop(new Stop(null)));
        assertEquals(0, perClient.held("address 192.0.2.7"), "the end gives the address's slot back");
        assertNull(b.start(new Start(1, OFFER, null, null)), "then the other connection of that address may start");
    }

    @Test
    void aClusterLockHeldElsewhereRefusesTheStartAsBusyInsteadOfHangingAndGivesTheTokensSlotBack() {
        BusyServiceLock grid = new BusyServiceLock();
        dev.parley.cluster.SessionCounts counts = new dev.parley.cluster.SessionCounts(grid);
        SessionQuota tokens = new SessionQuota(2, counts, "token");
        var connection = new SignallingConnection(new SignallingConnection.Shared(tokens, new SessionSlots(5, counts),
                new SupportedLanguages(List.of("en")), (i, e, c, l) -> new FakeSession(), Runnable::run), ADMISSION, CLIENT, sent::add);

        var busy = assertInstanceOf(SignallingError.class, connection.start(new Start(1, OFFER, null, null)));
        assertEquals(SignallingError.SERVER_BUSY, busy.code());
        assertTrue(busy.message().contains("try again"), busy.message());
        assertEquals(0, tokens.held("t"), "the token's slot, taken before the server's, is given back");

        grid.busy = false;
        assertNull(connection.start(new Start(1, OFFER, null, null)), "the lock free again, the same connection may start");
        assertInstanceOf(Answer.class, sent.get(0));
    }

    /** An instance's own grid whose lock on the service-wide count another member holds (its wait is {@link dev.parley.cluster.Grid#LOCK_WAIT}). */
    private static final class BusyServiceLock implements dev.parley.cluster.Grid {
        private final dev.parley.cluster.LocalGrid grid = new dev.parley.cluster.LocalGrid();
        volatile boolean busy = true;

        @Override
        public <T> T locked(String name, java.util.function.Supplier<T> action) {
            if (busy && name.endsWith("/service")) {
                throw new dev.parley.cluster.GridBusyException(name, LOCK_WAIT);
            }
            return grid.locked(name, action);
        }

        @Override
        public String memberId() {
            return grid.memberId();
        }

        @Override
        public java.util.Set<String> memberIds() {
            return grid.memberIds();
        }

        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public java.util.Map<String, String> map(String name) {
            return grid.map(name);
        }

        @Override
        public void publish(String topic, String message) {
            grid.publish(topic, message);
        }

        @Override
        public void subscribe(String topic, java.util.function.Consumer<String> listener) {
            grid.subscribe(topic, listener);
        }

        @Override
        public void onMemberLeft(java.util.function.Consumer<String> listener) {
            grid.onMemberLeft(listener);
        }

        @Override
        public void close() {
            grid.close();
        }
    }

    @Test
    void aWorkerPoolThatRefusesTheTaskIsAnErrorAndFreesTheSlots() {
        var connection = new SignallingConnection(new SignallingConnection.Shared(quota, slots, new SupportedLanguages(List.of("en")),
                (i, e, c, l) -> new FakeSession(), task -> {
                    throw new java.util.concurrent.RejectedExecutionException("stopping");
                }), ADMISSION, CLIENT, sent::add);

        assertNull(connection.start(new Start(1, OFFER, null, null)));

        assertEquals(SignallingError.SERVER_BUSY, assertInstanceOf(SignallingError.class, sent.get(0)).code());
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }

    @Test
    void anErrorWhileOpeningIsStillAnsweredWithAnErrorAndFreesTheSlots() {
        var connection = connection((ice, events, client, limit) -> {
            throw new NoClassDefFoundError("org/example/Gone");
        });

        org.junit.jupiter.api.Assertions.assertThrows(NoClassDefFoundError.class, () -> connection.start(new Start(1, OFFER, null, null)));

        var error = assertInstanceOf(SignallingError.class, sent.get(0));
        assertEquals(SignallingError.MEDIA_FAILED, error.code());
        assertTrue(error.message().contains("NoClassDefFoundError") && !error.message().contains("org/example"), error.message());
        assertInstanceOf(Ended.class, sent.get(1));
        assertEquals(0, quota.held("t"));
        assertEquals(0, slots.taken());
    }
}
