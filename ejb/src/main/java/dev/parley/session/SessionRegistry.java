package dev.parley.session;

import dev.parley.cluster.ClusterGrid;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.SessionEndCause;
import dev.parley.media.IceSignalling;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The live voice sessions by id. A session leaves the registry when it ends, whatever ended it,
 * and its {@link VoiceSessionEnded} is then fired (a CDI event in the container). Every session
 * still live when the application stops is ended with {@link SessionEndCause#SHUTDOWN}. Each
 * {@link SessionObserver} (in the container: every bean of that type) hears each session open
 * and may listen to its conversation.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final ConcurrentMap<String, VoiceSession> live = new ConcurrentHashMap<>();
    private VoiceSessionContext context;
    private Consumer<VoiceSessionEnded> endedListener;
    private Iterable<? extends SessionObserver> observers = List.of();
    private String instance;

    /** For CDI. */
    protected SessionRegistry() {
    }

    /** Plain Java (tests, tools): {@code endedListener} hears every session's end; no observers. */
    public SessionRegistry(VoiceSessionContext context, Consumer<VoiceSessionEnded> endedListener) {
        this(context, endedListener, List.of());
    }

    /** Plain Java with observers, which hear every session open. */
    public SessionRegistry(VoiceSessionContext context, Consumer<VoiceSessionEnded> endedListener, List<? extends SessionObserver> observers) {
        this.context = context;
        this.endedListener = endedListener;
        this.observers = List.copyOf(observers);
    }

    @Inject
    void init(VoiceSessionContext sessionContext, Event<VoiceSessionEnded> endedEvents, Instance<SessionObserver> sessionObservers,
              ClusterGrid cluster) {
        this.instance = cluster.grid().memberId();
        this.context = sessionContext;
        this.endedListener = endedEvents::fire;
        this.observers = sessionObservers;
    }

    /**
     * Opens a session with a new id.
     *
     * @param client who connected, as the signalling layer saw it (for the session's history)
     *
     * @throws dev.parley.media.MediaServerUnavailableException when the media server cannot be reached
     * @throws dev.parley.media.MediaSetupException             when the session's media could not be built
     */
    public VoiceSession open(IceSignalling ice, ConversationListener events, ClientInfo client) {
        return open(ice, events, client, null);
    }

    /**
     * Opens a session with a new id that lasts at most {@code maxDuration} (e.g. its widget token's
     * limit; null: the server's). The session's conversation owns the timer: whichever limit is
     * shorter, its own or this, ends the session as {@link SessionEndCause#MAX_DURATION}.
     *
     * @throws dev.parley.media.MediaServerUnavailableException when the media server cannot be reached
     * @throws dev.parley.media.MediaSetupException             when the session's media could not be built
     */
    public VoiceSession open(IceSignalling ice, ConversationListener events, ClientInfo client, Duration maxDuration) {
        VoiceSessionContext sessionContext = maxDuration == null ? context : new VoiceSessionContext(context.media(),
                context.conversation().limitSessionTo(maxDuration.toMillis()), context.providers(), context.lanes(), context.timers(),
                context.bridgeThreads());
        String id = UUID.randomUUID().toString();
        ClientInfo who = client == null ? ClientInfo.UNKNOWN : client;
        ConversationFanOut fanOut = new ConversationFanOut(id, events);
        VoiceSession session = VoiceSession.open(id, sessionContext, who.zone(), ice, fanOut, this::ended, opened -> {
            SessionObserver.OpenedSession info = new SessionObserver.OpenedSession(id, who, opened.media().recordingUri().orElse(null),
                    instance, opened.mediaServer());
            for (SessionObserver observer : observers) {
                try {
                    fanOut.add(observer.sessionOpened(info));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "session observer " + observer.getClass().getName()
                            + " failed on the opening of session " + id, e);
                }
            }
        });
        live.put(id, session);
        if (session.isEnded()) {
            live.remove(id); // ended between open and put (e.g. the media server dropped): ended() ran too early
        }
        return session;
    }

    public Optional<VoiceSession> find(String id) {
        return Optional.ofNullable(live.get(id));
    }

    public Collection<VoiceSession> live() {
        return List.copyOf(live.values());
    }

    public int size() {
        return live.size();
    }

    /** The Parley instance these sessions belong to (its data grid member id); null outside the container. */
    public String instance() {
        return instance;
    }

    /** Ends session {@code id} if it is live; false if there is no such session. */
    public boolean end(String id, SessionEndCause cause, String detail) {
        VoiceSession session = live.get(id);
        if (session == null) {
            return false;
        }
        session.end(cause, detail);
        return true;
    }

    /** Ends every live session (the application is stopping). */
    @PreDestroy
    public void closeAll() {
        for (VoiceSession session : live()) {
            try {
                session.end(SessionEndCause.SHUTDOWN, "the application is stopping");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "ending session " + session.id() + " at shutdown failed", e);
            }
        }
    }

    private void ended(VoiceSessionEnded end) {
        live.remove(end.sessionId());
        endedListener.accept(end);
    }
}
