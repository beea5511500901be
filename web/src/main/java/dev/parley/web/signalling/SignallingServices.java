package dev.parley.web.signalling;

import dev.parley.session.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/** What every signalling connection shares: settings, ICE servers, the per-token quota, the session registry, a worker pool. */
@ApplicationScoped
public class SignallingServices {

    @Inject
    Config config;

    @Inject
    SessionRegistry registry;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService workers;

    private SignallingSettings settings;
    private IceServers iceServers;
    private SessionQuota quota;

    @PostConstruct
    void init() {
        settings = SignallingSettings.from(key -> config.getOptionalValue(key, String.class));
        iceServers = new IceServers(settings, Clock.systemUTC());
        quota = new SessionQuota(settings.maxSessionsPerToken());
    }

    public SignallingSettings settings() {
        return settings;
    }

    public IceServers iceServers() {
        return iceServers;
    }

    public SessionQuota quota() {
        return quota;
    }

    public SessionRegistry registry() {
        return registry;
    }

    /** Where media setup runs, so no WebSocket container thread waits on the media server. */
    public ManagedExecutorService workers() {
        return workers;
    }
}
