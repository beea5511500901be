package dev.parley.lifecycle;

import dev.parley.cluster.ClusterGrid;
import dev.parley.session.SessionRegistry;
import dev.parley.store.RecordingRecord;
import dev.parley.store.SessionHistory;
import dev.parley.store.SessionState;
import dev.parley.store.SessionStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * Deletion and retention of stored sessions in the container. Retention runs on the default
 * {@link ManagedScheduledExecutorService}, like every other timer in Parley (no EJB timer: those
 * are persistent per server in Payara and would need the timer database, while a prune missed
 * during downtime simply runs at the next start). At startup it first finishes deletions a crash
 * interrupted ({@link SessionDeletion#recover()}), whether or not retention is on.
 */
@ApplicationScoped
public class DataLifecycle {

    private static final System.Logger LOG = System.getLogger(DataLifecycle.class.getName());
    /** How long a deletion waits for the history writes queued before it. */
    private static final Duration WRITES_WAIT = Duration.ofSeconds(10);
    /** The first prune after startup: soon, but not in the middle of the deployment. */
    private static final Duration FIRST_PRUNE = Duration.ofMinutes(1);

    @Inject
    Config config;

    @Inject
    SessionStore store;

    @Inject
    ClusterGrid cluster;

    @Inject
    SessionHistory history;

    @Inject
    SessionRegistry registry;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService timers;

    private volatile LifecycleSettings settings;
    private volatile SessionDeletion deletion;
    private volatile ScheduledFuture<?> pruning;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        LifecycleSettings s = settings();
        SessionDeletion d = deletion();
        timers.execute(d::recover);
        if (s.retains()) {
            pruning = timers.scheduleWithFixedDelay(this::prune, FIRST_PRUNE.toMillis(), s.pruneInterval().toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.INFO, "retention: sessions older than {0} days are deleted with their recordings, every {1} minutes",
                    s.retention().toDays(), s.pruneInterval().toMinutes());
        }
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> p = pruning;
        if (p != null) {
            p.cancel(false);
        }
    }

    /** Deletes a stored session with its recording; see {@link SessionDeletion}. */
    public SessionDeletion.Outcome delete(String sessionId) {
        return deletion().delete(sessionId, "deleted through the admin API");
    }

    /** The notice callers get before their first turn when sessions are recorded. */
    public Optional<String> recordingNotice() {
        return settings().notice();
    }

    public LifecycleSettings settings() {
        LifecycleSettings s = settings;
        if (s == null) {
            s = LifecycleSettings.from(key -> config.getOptionalValue(key, String.class));
            settings = s;
        }
        return s;
    }

    private void prune() {
        try {
            deletion().prune(Instant.now().minus(settings().retention()));
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try at the next interval.
            LOG.log(System.Logger.Level.ERROR, "retention: pruning failed; it runs again in " + settings().pruneInterval().toMinutes()
                    + " minutes", e);
        }
    }

    private SessionDeletion deletion() {
        SessionDeletion d = deletion;
        if (d == null) {
            synchronized (this) {
                if (deletion == null) {
                    deletion = new SessionDeletion(new StoreRows(store), new RecordingFiles(settings().recordingDirectory()),
                            id -> registry.find(id).isPresent() || liveOnAnotherInstance(id), () -> history.awaitPendingWrites(WRITES_WAIT));
                }
                d = deletion;
            }
        }
        return d;
    }

    /** The store's transactions as {@link SessionRows}. */
    private record StoreRows(SessionStore store) implements SessionRows {

        @Override
        public boolean exists(String sessionId) {
            return store.session(sessionId).isPresent();
        }

        @Override
        public Optional<String> recordingLocation(String sessionId) {
            return store.recording(sessionId).map(RecordingRecord::getFilePath);
        }

        @Override
        public boolean delete(String sessionId) {
            return store.deleteSession(sessionId);
        }

        @Override
        public List<String> startedBefore(Instant cutoff, int limit) {
            return store.sessionsStartedBefore(cutoff, limit);
        }
    }

    /** Live in the history and owned by another instance that is still a member: its call goes on there. */
    private boolean liveOnAnotherInstance(String id) {
        return store.session(id).filter(s -> s.getState() == SessionState.LIVE && s.getInstance() != null
                && !s.getInstance().equals(registry.instance()) && cluster.grid().memberIds().contains(s.getInstance())).isPresent();
    }
}
