package dev.parley.web.signalling;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The ICE servers handed to one browser: the configured STUN URLs, and TURN with fresh credentials. */
public final class IceServers {

    private final SignallingSettings settings;
    private final TurnCredentials turn;

    public IceServers(SignallingSettings settings, Clock clock) {
        this.settings = settings;
        this.turn = settings.turnUrls().isEmpty() ? null : new TurnCredentials(settings.turnSecret(), settings.turnCredentialTtl(), clock);
    }

    public List<IceServer> forUser(String user) {
        List<IceServer> servers = new ArrayList<>(2);
        if (!settings.stunUrls().isEmpty()) {
            servers.add(new IceServer(settings.stunUrls(), null, null));
        }
        if (turn != null) {
            servers.add(turn.issue(settings.turnUrls(), user));
        }
        return servers;
    }
}
