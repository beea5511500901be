package dev.parley.lifecycle;

import dev.parley.cluster.ClusterGrid;
import dev.parley.cluster.Grid;
import dev.parley.conversation.SessionEndCause;
import dev.parley.store.SessionStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends in the history the sessions of an instance that left the cluster: its calls went with it,
 * and nobody else would ever mark them ended, so they would stay "live" for every admin. Every
 * member does it when the data grid reports a member gone (the store's update is idempotent), and
 * once at start for members that left while no one was there to see it. An instance alone (no data
 * grid) never does: it cannot tell a crashed predecessor from another instance sharing the database.
 */
@ApplicationScoped
public class DepartedInstances {

    private static final long FIRST_SWEEP_SECONDS = 20;
    static final String DETAIL = "the Parley instance that held the session left the cluster";
    private static final System.Logger LOG = System.getLogger(DepartedInstances.class.getName());

    @Inject
    ClusterGrid cluster;

    @Inject
    SessionStore store;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService workers;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        Grid grid = cluster.grid();
        if (!grid.clustered()) {
            return;
        }
        grid.onMemberLeft(member -> workers.execute(() -> sweep("instance " + member + " left the cluster")));
        // Not at once: the store's EJB container refuses calls until the deployment has finished.
        workers.schedule(() -> sweep("at start"), FIRST_SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweep(String why) {
        try {
            List<String> ended = store.endSessionsOfDepartedInstances(cluster.grid().memberIds(), Instant.now(),
                    SessionEndCause.INSTANCE_LOST.name(), DETAIL);
            if (!ended.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "cluster: {0}: ended {1} session(s) it held: {2}", why, ended.size(), ended);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: " + why + ": ending the sessions it held failed", e);
        }
    }
}
