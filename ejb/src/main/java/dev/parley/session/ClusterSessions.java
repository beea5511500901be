package dev.parley.session;

import dev.parley.cluster.ClusterGrid;
import dev.parley.cluster.SessionActions;
import dev.parley.cluster.SessionCounts;
import dev.parley.conversation.SessionEndCause;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * This instance's live sessions as part of the cluster: the session counts every instance shares,
 * and admin actions on a session whichever instance owns it. Started with the application, so that
 * an instance answers the others' requests before anyone asked it anything.
 */
@ApplicationScoped
public class ClusterSessions {

    private static final System.Logger LOG = System.getLogger(ClusterSessions.class.getName());

    /** How long an admin action waits for the instance that owns the session. */
    static final Duration OWNER_TIMEOUT = Duration.ofSeconds(5);

    @Inject
    ClusterGrid cluster;

    @Inject
    SessionRegistry registry;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService handlers;

    private SessionCounts counts;
    private SessionActions actions;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        counts();
    }

    public synchronized SessionCounts counts() {
        if (counts == null) {
            counts = new SessionCounts(cluster.grid());
            actions = new SessionActions(cluster.grid(), this::act, OWNER_TIMEOUT, handlers);
        }
        return counts;
    }

    /** The application stops: the slots its sessions still hold go back to the cluster (see {@link SessionCounts#giveAll}). */
    @PreDestroy
    synchronized void stop() {
        if (counts != null) {
            try {
                counts.giveAll();
            } catch (RuntimeException e) {
                // The grid may be shutting down with the server: its slots go with it then.
                LOG.log(System.Logger.Level.DEBUG, "the session slots could not be given back: {0}", e.toString());
            }
        }
    }

    /** This instance's id in the cluster. */
    public String instance() {
        return cluster.grid().memberId();
    }

    /** Does {@code action} to session {@code sessionId}, owned by instance {@code owner} (this one or another). */
    public SessionActions.Outcome perform(String owner, SessionActions.Action action, String sessionId, String argument) {
        counts();
        return actions.perform(owner, action, sessionId, argument);
    }

    private SessionActions.Outcome act(SessionActions.Action action, String sessionId, String argument) {
        return switch (action) {
            case TERMINATE -> registry.end(sessionId, SessionEndCause.TERMINATED, argument)
                    ? SessionActions.Outcome.DONE : SessionActions.Outcome.NOT_LIVE;
            case SAY -> registry.find(sessionId).map(session -> switch (session.engine().say(argument)) {
                case ACCEPTED -> SessionActions.Outcome.DONE;
                case ENDED -> SessionActions.Outcome.NOT_LIVE;
                case TOO_MANY_WAITING -> SessionActions.Outcome.TOO_MANY_WAITING;
            }).orElse(SessionActions.Outcome.NOT_LIVE);
        };
    }
}
