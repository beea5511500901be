package dev.parley.info;

import dev.parley.cluster.ClusterGrid;
import dev.parley.cluster.Grid;
import dev.parley.config.ParleySettings;
import dev.parley.media.MediaServerConnection;
import dev.parley.metrics.ParleyMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import dev.parley.media.MediaServerPool;
import dev.parley.media.MediaServerStatus;

import java.util.List;
import java.util.Locale;

/**
 * Describes this Parley instance. An EJB (the module's first), so the EJB module deploys as one;
 * it only reads immutable state, hence bean-managed concurrency without locks.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class InfoService {

    static final String NAME = "Parley";

    @Inject
    ParleySettings settings;

    @Inject
    ParleyMetrics metrics;

    @Inject
    MediaServerConnection mediaServer;

    @Inject
    ClusterGrid cluster;

    private String version;

    @PostConstruct
    void readVersion() {
        version = BuildVersion.read();
    }

    /** @param admin whether the caller is an administrator: only they see each media server */
    public ParleyInfo info(boolean admin) {
        metrics.infoRequested();
        // The state as it stands: an anonymous request must not make Parley dial the media server.
        MediaServerPool pool = mediaServer.pool();
        List<MediaServerStatus> servers = pool.statuses();
        String media = pool.anyUsable() ? "connected" : servers.get(0).state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!admin) {
            return new ParleyInfo(NAME, version, media, settings.providers().byRole());
        }
        Grid grid = cluster.grid();
        return new ParleyInfo(NAME, version, media, settings.providers().byRole(), servers,
                new ParleyInfo.Cluster(grid.memberId(), grid.clustered(), grid.memberIds().stream().sorted().toList()));
    }
}
