package dev.parley.metrics;

import jakarta.enterprise.context.ApplicationScoped;
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

    public void infoRequested() {
        infoRequests.inc();
    }
}
