package dev.parley.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * Parley's application metrics, served by MicroProfile Metrics 5 at
 * {@code /metrics?scope=application} (Prometheus name {@code parley_info_requests_total}).
 */
@ApplicationScoped
public class ParleyMetrics {

    public static final String INFO_REQUESTS = "parley.info.requests";

    @Inject
    @Metric(name = INFO_REQUESTS, absolute = true, description = "Info requests answered")
    Counter infoRequests;

    /** Registers the metrics as the application starts, so they read 0 instead of being absent until first used. */
    void registerAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing else to do: being called created the bean, which registered its metrics
    }

    public void infoRequested() {
        infoRequests.inc();
    }
}
