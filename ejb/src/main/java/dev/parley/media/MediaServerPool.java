package dev.parley.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Several media servers ({@code parley.media-server.urls}), one {@link KurentoConnection} each, and
 * where new sessions go ({@link PlacementPolicy}: usable servers only, the caller's zone first, the
 * fewest live sessions, ties by list order).
 *
 * <p>A server is usable while it is connected and passes its health checks. A health round runs
 * every {@code healthIntervalMillis} on a thread of the given factory:
 *
 * <ul>
 * <li>a server with no client yet (never reached, or its first attempts failed) is dialled again,
 *     paced by its connection's own backoff ({@link OutagePolicy}: 2 s doubling to 60 s);</li>
 * <li>a connected server is asked for its memory use ({@link KurentoConnection#probe()}, bounded by
 *     the request timeout); after {@value #FAILURES_BEFORE_OUT} failures in a row it is held out: it
 *     takes no new sessions, its live sessions end with {@code MEDIA_SERVER_LOST}, and it is probed
 *     again with backoff (2 s doubling to 60 s) until it answers, when it rejoins;</li>
 * <li>a server whose connection dropped (the process died, the network broke) ends its live
 *     sessions with {@code MEDIA_SERVER_LOST} at once (its connection does that) and reconnects by
 *     itself, with backoff; it rejoins when connected again.</li>
 * </ul>
 *
 * Closing stops the health rounds and closes every connection.
 */
public final class MediaServerPool implements MediaServers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MediaServerPool.class.getName());

    public static final int FAILURES_BEFORE_OUT = 2;

    private final MediaSettings settings;
    private final List<Member> members;
    private final ScheduledExecutorService health;

    /**
     * @param servers              the servers in configured order (the order breaks placement ties)
     * @param settings             shared settings; each server's connection gets them with its own URL
     * @param threads              makes the connection attempts' threads and the health round's one
     * @param healthIntervalMillis pause between health rounds; 0 runs none (tests that drive {@link #checkHealth()} themselves)
     */
    public MediaServerPool(List<MediaServerAddress> servers, MediaSettings settings, ThreadFactory threads, long healthIntervalMillis) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a media server pool needs at least one server");
        }
        if (healthIntervalMillis < 0) {
            throw new IllegalArgumentException("the health interval must not be negative, got " + healthIntervalMillis + " ms");
        }
        Objects.requireNonNull(threads, "threads");
        this.settings = settings;
        List<Member> built = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            MediaServerAddress address = servers.get(i);
            built.add(new Member(i, address, new KurentoConnection(settings.withMediaServerUrl(address.url()), threads)));
        }
        this.members = List.copyOf(built);
        if (healthIntervalMillis > 0) {
            health = Executors.newSingleThreadScheduledExecutor(threads);
            health.scheduleWithFixedDelay(this::checkHealthQuietly, 0, healthIntervalMillis, TimeUnit.MILLISECONDS);
        } else {
            health = null;
        }
    }

    @Override
    public MediaSettings settings() {
        return settings;
    }

    /** The servers' connections in configured order. */
    public List<KurentoConnection> connections() {
        return members.stream().map(m -> m.connection).toList();
    }

    /**
     * The usable server the policy puts first. With none usable (before the first health round, or
     * all down) the servers not held out are dialled once, as far as their backoff allows, and the
     * policy asked again.
     *
     * @throws MediaServerUnavailableException naming each server and why it is not usable
     */
    @Override
    public KurentoConnection place(String zone) {
        List<PlacementPolicy.Candidate> ordered = PlacementPolicy.order(candidates(), zone);
        if (ordered.isEmpty()) {
            for (Member m : members) {
                if (!m.heldOut && m.connection.state() != KurentoConnection.State.CONNECTED) {
                    m.connection.reachable();
                }
            }
            ordered = PlacementPolicy.order(candidates(), zone);
        }
        if (ordered.isEmpty()) {
            StringJoiner why = new StringJoiner("; ");
            for (Member m : members) {
                why.add(m.address + ": " + m.detail());
            }
            throw new MediaServerUnavailableException("no media server is usable (" + why + ")");
        }
        return members.get(ordered.get(0).index()).connection;
    }

    private List<PlacementPolicy.Candidate> candidates() {
        return members.stream().map(m -> new PlacementPolicy.Candidate(m.index, m.address.zone(), m.usable(), m.connection.liveSessions()))
                .toList();
    }

    /** Each server as it stands now, without dialling anything (for the admin API and metrics). */
    public List<MediaServerStatus> statuses() {
        return members.stream().map(Member::status).toList();
    }

    /**
     * Each server for readiness: as the health rounds last found it, without dialling. Payara runs
     * MicroProfile health checks on threads of its own default web module; a thread made there
     * through the application's managed thread factory (a connection attempt's) dies before it
     * runs ("Module __default-web-module is disabled"), so a dial from the check timed out each
     * time, holding the connection's lock against the health rounds: a media server started after
     * Payara stayed unused while anything polled readiness (seen: 245 s, until a session's request
     * dialled). Only the pool's own threads and the application's request threads dial.
     */
    public List<MediaServerStatus> checkNow() {
        return statuses();
    }

    /** Whether at least one server takes new sessions. */
    public boolean anyUsable() {
        return members.stream().anyMatch(Member::usable);
    }

    /** One health round over every server (the scheduled rounds call this; tests may too). */
    public void checkHealth() {
        for (Member m : members) {
            m.check();
        }
    }

    private void checkHealthQuietly() {
        try {
            checkHealth();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep the rounds going.
            LOG.log(System.Logger.Level.WARNING, "a media server health round failed", e);
        }
    }

    @Override
    public void close() {
        if (health != null) {
            health.shutdownNow();
            try {
                if (!health.awaitTermination(settings.requestTimeoutMillis() + 1_000L, TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "the media server health round did not stop in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Member m : members) {
            m.connection.close();
        }
    }

    /** One server of the pool and what the health rounds found. */
    private static final class Member {
        final int index;
        final MediaServerAddress address;
        final KurentoConnection connection;
        final OutagePolicy probes;
        volatile boolean heldOut;
        volatile String heldOutBecause;
        int failuresInARow; // the health thread's only

        Member(int index, MediaServerAddress address, KurentoConnection connection) {
            this.index = index;
            this.address = address;
            this.connection = connection;
            this.probes = new OutagePolicy(address.displayUrl() + " (health check)", System::currentTimeMillis);
        }

        boolean usable() {
            return !heldOut && connection.state() == KurentoConnection.State.CONNECTED;
        }

        String detail() {
            return heldOut ? "held out: failed its health check (" + heldOutBecause + ")" : connection.problem();
        }

        MediaServerStatus status() {
            return new MediaServerStatus(usable(), address.displayUrl(), connection.state(), connection.liveSessions(), detail(),
                    address.zone());
        }

        void check() {
            if (connection.state() == KurentoConnection.State.CLOSED) {
                return;
            }
            if (connection.state() != KurentoConnection.State.CONNECTED) {
                // No client yet, or dropped: dial (paced by the connection's backoff, which also redials by itself).
                connection.reachable();
                return;
            }
            if (heldOut && !probes.attemptDue()) {
                return;
            }
            try {
                connection.probe();
                failuresInARow = 0;
                if (heldOut) {
                    heldOut = false;
                    probes.succeeded().ifPresent(Member::log);
                    LOG.log(System.Logger.Level.INFO, "the media server at {0} answers its health checks again and takes new sessions",
                            address.displayUrl());
                    connection.releaseLeftovers();
                }
            } catch (MediaServerUnavailableException e) {
                if (connection.state() != KurentoConnection.State.CONNECTED) {
                    return; // dropped meanwhile: its connection ends the sessions and reconnects
                }
                failuresInARow++;
                String cause = KurentoConnection.rootCause(e);
                if (heldOut) {
                    probes.failed(cause).ifPresent(Member::log);
                } else if (failuresInARow >= FAILURES_BEFORE_OUT) {
                    heldOutBecause = cause;
                    heldOut = true;
                    probes.failed(cause).ifPresent(Member::log);
                    LOG.log(System.Logger.Level.WARNING, "the media server at {0} failed {1} health checks in a row ({2}): it takes no new "
                            + "sessions and its {3} live session(s) end", address.displayUrl(), failuresInARow, cause, connection.liveSessions());
                    connection.failHealthCheck(cause);
                }
            }
        }

        private static void log(OutagePolicy.Entry entry) {
            LOG.log(entry.level(), entry.message());
        }
    }
}
