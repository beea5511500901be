package dev.parley.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.Config;

/**
 * This instance's {@link Grid}: Payara's data grid (Hazelcast, at JNDI {@code payara/Hazelcast}) when
 * it runs, so that instances of one Payara cluster share their limits and reach each other's
 * sessions; this instance's memory when it does not ({@code --nohazelcast}, a domain with the data
 * grid off) or when {@code parley.cluster.enabled} is {@code false}. With {@code true}, an
 * instance without a running data grid refuses to start instead of silently running alone.
 */
@ApplicationScoped
public class ClusterGrid {

    public static final String ENABLED = "parley.cluster.enabled";
    static final String HAZELCAST_JNDI = "payara/Hazelcast";
    private static final System.Logger LOG = System.getLogger(ClusterGrid.class.getName());

    @Inject
    Config config;

    private Grid grid;

    /** For CDI. */
    protected ClusterGrid() {
    }

    /** Plain Java (tests): over {@code grid}. */
    public ClusterGrid(Grid grid) {
        this.grid = grid;
    }

    @PostConstruct
    void start() {
        String mode = config.getOptionalValue(ENABLED, String.class).orElse("auto").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("true") && !mode.equals("false")) {
            throw new IllegalStateException(ENABLED + " must be auto, true or false, got '" + mode + "'");
        }
        Optional<Grid> payaras = mode.equals("false") ? Optional.empty() : payaraDataGrid();
        if (mode.equals("true") && payaras.isEmpty()) {
            throw new IllegalStateException(ENABLED + "=true but Payara's data grid is not running (JNDI " + HAZELCAST_JNDI
                    + "); enable Hazelcast on the instance or set " + ENABLED + "=auto");
        }
        grid = payaras.orElseGet(LocalGrid::new);
        LOG.log(System.Logger.Level.INFO, grid.clustered()
                ? "cluster: instance " + grid.memberId() + ", one of " + grid.memberIds().size() + " in Payara's data grid"
                : "cluster: instance " + grid.memberId() + " alone (Payara's data grid is off or " + ENABLED + "=false)");
    }

    private static Optional<Grid> payaraDataGrid() {
        try {
            return HazelcastGrids.of(new InitialContext().lookup(HAZELCAST_JNDI));
        } catch (NamingException | LinkageError e) {
            return Optional.empty(); // no data grid bound, or its classes are not visible to applications
        }
    }

    public Grid grid() {
        return grid;
    }

    @PreDestroy
    void stop() {
        if (grid != null) {
            grid.close();
        }
    }
}
