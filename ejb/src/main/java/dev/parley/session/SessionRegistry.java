package dev.parley.session;

import dev.parley.conversation.ConversationListener;
import dev.parley.media.IceSignalling;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

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
 * still live when the application stops is ended with {@link SessionEndCause#SHUTDOWN}.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final ConcurrentMap<String, VoiceSession> live = new ConcurrentHashMap<>();
    private VoiceSessionContext context;
    private Consumer<VoiceSessionEnded> endedListener;

    /** For CDI. */
    protected SessionRegistry() {
    }

    /** Plain Java (tests, tools): {@code endedListener} hears every session's end. */
    public SessionRegistry(VoiceSessionContext context, Consumer<VoiceSessionEnded> endedListener) {
        this.context = context;
        this.endedListener = endedListener;
    }

    @Inject
    void init(VoiceSessionContext sessionContext, Event<VoiceSessionEnded> endedEvents) {
        this.context = sessionContext;
        this.endedListener = endedEvents::fire;
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
        String id = UUID.randomUUID().toString();
        VoiceSession session = VoiceSession.open(id, context, ice, events, this::ended);
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
