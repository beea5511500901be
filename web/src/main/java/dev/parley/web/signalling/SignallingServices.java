package dev.parley.web.signalling;

import dev.parley.cluster.SessionCounts;
import dev.parley.lifecycle.DataLifecycle;
import dev.parley.session.ClusterSessions;
import dev.parley.session.SessionRegistry;
import dev.parley.web.security.SecuritySettings;
import dev.parley.web.security.WidgetTokenService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/**
 * What every signalling connection shares: settings, ICE servers, who may connect, the per-token
 * quota and the server's session cap, the session registry and a worker pool.
 */
@ApplicationScoped
public class SignallingServices {

    @Inject
    Config config;

    @Inject
    SessionRegistry registry;

    @Inject
    WidgetTokenService tokens;

    @Inject
    DataLifecycle lifecycle;

    @Inject
    ClusterSessions cluster;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService workers;

    private SignallingSettings settings;
    private IceServers iceServers;
    private AccessGate gate;
    private SignallingConnection.Shared shared;

    @PostConstruct
    void init() {
        settings = SignallingSettings.from(key -> config.getOptionalValue(key, String.class));
        iceServers = new IceServers(settings, Clock.systemUTC());
        SecuritySettings security = tokens.settings();
        gate = new AccessGate(tokens.originPolicy(), tokens::verify, tokens.demoMode(), security.maxSessionDuration());
        SessionCounts counts = cluster.counts(); // shared by the instances of a cluster: the limits hold for the whole service
        shared = new SignallingConnection.Shared(new SessionQuota(settings.maxSessionsPerToken(), counts, "token"),
                new SessionSlots(security.maxConcurrentSessions(), counts), new SupportedLanguages(settings.languages()),
                (ice, events, client, maxDuration) -> SessionHandle.of(registry.open(ice, events, client, maxDuration)), workers,
                new SessionQuota(settings.maxSessionsPerClient(), counts, "client"));
    }

    public SignallingSettings settings() {
        return settings;
    }

    public IceServers iceServers() {
        return iceServers;
    }

    public AccessGate gate() {
        return gate;
    }

    public SignallingConnection.Shared shared() {
        return shared;
    }

    /** Signalling messages one connection may send per second ({@code parley.limits.max-messages-per-second}). */
    public int maxMessagesPerSecond() {
        return tokens.settings().maxMessagesPerSecond();
    }

    /** What callers are told before their first turn when sessions are recorded. */
    public java.util.Optional<String> recordingNotice() {
        return lifecycle.recordingNotice();
    }

    public SessionQuota quota() {
        return shared.quota();
    }

    public SessionRegistry registry() {
        return registry;
    }
}
