package dev.parley.media;

import dev.parley.media.MediaFailureListener.Kind;
import dev.parley.media.MediaFailureListener.MediaFailure;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.kurento.jsonrpc.client.JsonRpcClientNettyWebSocket;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Parley's one connection to the media server, as plain Java (the CDI bean
 * {@link MediaServerConnection} wraps it). It creates the {@link KurentoClient} on first use,
 * follows the connection through a {@link KurentoConnectionListener}, and looks after every live
 * {@link SessionMedia}:
 *
 * <ul>
 * <li>disconnected: the media of every live session ends ({@link Kind#MEDIA_SERVER_LOST}); a
 *     session cannot carry on through a media server it cannot reach. Their pipelines are
 *     remembered, because the Kurento client keeps reconnecting and the server may keep them;</li>
 * <li>reconnected to the same server: the remembered pipelines are released there now, instead
 *     of lingering until the server's garbage collector finds them (4-8 minutes);</li>
 * <li>reconnected to a new server: the old objects are gone with the old server; any session
 *     still tracked ends ({@link Kind#MEDIA_SERVER_RESTARTED}).</li>
 * </ul>
 *
 * <p>The Kurento client does not always reconnect: its loop can end with the server up (see
 * {@link PacedWebSocketClient}), and a connection reset makes it close itself. So from the drop
 * until the connection is back, a thread of this class watches it ({@link #watchInBackground()}):
 * a client that closed itself, or whose loop has shown no activity for longer than any attempt can
 * take ({@link #replaceIfStalled()}), is dropped, and a new one is dialled until the server
 * answers; the pipelines left from before are released through it. Nobody has to ask: a
 * connection used without a pool's health rounds comes back by itself too (CI, 12-07: it did
 * not).
 *
 * <p>Nothing here waits longer than the configured connect timeout: a caller finding the server
 * down gets a {@link MediaServerUnavailableException} naming the URL and the cause.
 *
 * <p>While the server is down, attempts to reach it back off and the outage is logged once, then
 * as a one-line reminder, then once when it is back ({@link OutagePolicy}); the Kurento client's
 * own per-attempt warnings are kept quiet ({@link KurentoClientLogging}). The URL is only ever
 * shown redacted ({@link #displayUrl()}): it may carry the media server's secret.
 */
public final class KurentoConnection implements MediaServers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KurentoConnection.class.getName());

    /** Where the connection stands. */
    public enum State {
        /** No client yet, or the last attempt to create one failed. */
        NOT_CONNECTED,
        CONNECTED,
        /** The connection dropped; the Kurento client is trying to reconnect in the background. */
        RECONNECTING,
        CLOSED
    }

    private final MediaSettings settings;
    private final ThreadFactory threads;
    private final ReentrantLock connecting = new ReentrantLock();
    private final Set<SessionMedia> live = ConcurrentHashMap.newKeySet();
    private final Set<MediaPipeline> unreleased = ConcurrentHashMap.newKeySet();
    private volatile KurentoClient client;
    private volatile Listener currentListener;
    private volatile PacedWebSocketClient currentRpc;
    private volatile long reconnectingSinceNanos;
    private volatile State state = State.NOT_CONNECTED;
    private volatile String problem = "not connected yet";
    private final OutagePolicy outage;
    private final Object watcherLock = new Object();
    private Thread watcher;

    /** The shortest pause between two looks of the watcher (the backoff sets the longer ones). */
    private static final long WATCH_PAUSE_MILLIS = 200;

    /** Plain Java (tests, tools): connection attempts run on daemon threads of this class's own. */
    public KurentoConnection(MediaSettings settings) {
        this(settings, KurentoConnection::connectorThread);
    }

    /**
     * @param threads makes the thread each connection attempt runs on (in the container: its managed
     *                thread factory, so the attempt is a container thread and stops with the application)
     */
    public KurentoConnection(MediaSettings settings, ThreadFactory threads) {
        this.settings = settings;
        this.threads = Objects.requireNonNull(threads, "threads");
        this.outage = new OutagePolicy(MediaServerUrls.redact(settings.mediaServerUrl()), System::currentTimeMillis);
        KurentoClientLogging.quiet();
    }

    /** The URL to connect to, secret included: never log or show it (see {@link #displayUrl()}). */
    public String url() {
        return settings.mediaServerUrl();
    }

    /** The URL as it may be logged or shown: query values (the secret) and passwords hidden. */
    public String displayUrl() {
        return MediaServerUrls.redact(settings.mediaServerUrl());
    }

    @Override
    public MediaSettings settings() {
        return settings;
    }

    /** A single server places every session on itself; {@link #client()} says whether it is up. */
    @Override
    public KurentoConnection place(String zone) {
        return this;
    }

    public State state() {
        return state;
    }

    /** Why the connection is not up (the last failure), or "connected". */
    public String problem() {
        return state == State.CONNECTED ? "connected" : problem;
    }

    /**
     * The connected client, created now if there is none.
     *
     * @throws MediaServerUnavailableException within the connect timeout if the server cannot be reached,
     *                                         or at once while the connection is down and reconnecting
     */
    public KurentoClient client() {
        replaceIfStalled();
        KurentoClient c = connectedClient();
        if (c != null) {
            return c;
        }
        boolean locked;
        try {
            // The thread holding the lock is connecting and gives up after the connect timeout.
            locked = connecting.tryLock(settings.connectTimeoutMillis() + 1_000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaServerUnavailableException("interrupted while connecting to the media server at " + displayUrl(), e);
        }
        if (!locked) {
            throw new MediaServerUnavailableException("another thread is still connecting to the media server at " + displayUrl());
        }
        try {
            c = connectedClient();
            return c != null ? c : connect();
        } finally {
            connecting.unlock();
        }
    }

    /**
     * Whether the media server answers now. Never waits for another caller's attempt; with no client
     * yet it tries to create one, which takes at most the connect timeout (a refused connection fails at once).
     */
    public boolean reachable() {
        replaceIfStalled();
        if (state == State.CONNECTED && client != null) {
            return true;
        }
        if (client != null || state == State.CLOSED || !connecting.tryLock()) {
            return false;
        }
        try {
            if (client == null) {
                connect();
            }
            return state == State.CONNECTED;
        } catch (MediaServerUnavailableException e) {
            return false;
        } finally {
            connecting.unlock();
        }
    }

    private KurentoClient connectedClient() {
        KurentoClient c = client;
        State s = state;
        if (s == State.CLOSED) {
            throw new MediaServerUnavailableException("the media server connection to " + displayUrl()
                    + " is closed (the application is stopping)");
        }
        if (c == null) {
            return null;
        }
        if (s != State.CONNECTED) {
            throw new MediaServerUnavailableException("the media server at " + displayUrl() + " is not reachable: " + problem
                    + "; the client keeps reconnecting");
        }
        return c;
    }

    private KurentoClient connect() {
        if (!outage.attemptDue()) {
            throw new MediaServerUnavailableException("the media server at " + displayUrl() + " is not reachable: " + problem
                    + " (next attempt in " + outage.millisUntilNextAttempt() / 1000 + " s; check that it runs and parley.media-server.url)");
        }
        long started = System.nanoTime();
        Listener listener = new Listener();
        PacedWebSocketClient rpc;
        try {
            rpc = new PacedWebSocketClient(url(), listener, listener);
        } catch (IllegalArgumentException e) {
            problem = "bad URL: " + MediaServerUrls.redactWithin(e.getMessage());
            throw new MediaServerUnavailableException("the media server URL '" + displayUrl() + "' is not usable: "
                    + MediaServerUrls.redactWithin(e.getMessage()) + " (check parley.media-server.url)", e);
        }
        // What KurentoClient.create does, with Parley's own timeouts instead of JVM-wide system properties.
        rpc.setTryReconnectingForever(true);
        rpc.setSendCloseMessage(true);
        rpc.setLabel("KurentoClient:parley");
        rpc.setConnectionTimeout(settings.connectTimeoutMillis());
        rpc.setRequestTimeout(settings.requestTimeoutMillis());
        currentListener = listener;
        currentRpc = rpc;
        try {
            KurentoClient created = createWithin(rpc, 2L * settings.connectTimeoutMillis());
            rpc.established();
            client = created;
            state = State.CONNECTED;
            LOG.log(System.Logger.Level.INFO, "connected to the media server at {0} in {1} ms", displayUrl(),
                    String.valueOf(millisSince(started)));
            outage.succeeded().ifPresent(KurentoConnection::log);
            releaseLeftoversThrough(created);
            return created;
        } catch (RuntimeException e) {
            currentListener = null;
            currentRpc = null;
            problem = rootCause(e); // the state stays: NOT_CONNECTED before the first connection, RECONNECTING after a drop
            outage.failed(problem).ifPresent(KurentoConnection::log);
            throw new MediaServerUnavailableException("the media server at " + displayUrl() + " is not reachable: " + problem
                    + " (gave up after " + millisSince(started) + " ms; check that it runs and parley.media-server.url)", e);
        }
    }

    /**
     * Creates the client on a helper thread and waits at most {@code limitMillis}: the Kurento client
     * bounds the TCP connect, but waits for the WebSocket handshake without limit, so a server that
     * accepts and never answers would otherwise hold the caller forever.
     */
    private KurentoClient createWithin(JsonRpcClientNettyWebSocket rpc, long limitMillis) {
        CompletableFuture<KurentoClient> attempt = new CompletableFuture<>();
        Thread connector = threads.newThread(() -> {
            try {
                attempt.complete(KurentoClient.createFromJsonRpcClientHonoringClientTimeouts(rpc));
            } catch (RuntimeException | Error e) {
                attempt.completeExceptionally(e);
            }
        });
        if (connector == null) {
            // A managed thread factory returns none once the application is stopping.
            throw new MediaServerUnavailableException("no thread to connect on (the application is stopping)");
        }
        connector.start();
        try {
            return attempt.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Whatever the attempt still makes of it, nobody will use it.
            attempt.whenComplete((late, error) -> {
                if (late != null) {
                    late.destroy();
                }
            });
            throw new MediaServerUnavailableException("no WebSocket handshake within " + limitMillis + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new MediaServerUnavailableException(rootCause(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaServerUnavailableException("interrupted while connecting", e);
        }
    }

    /**
     * How long the reconnection loop may show no activity before its client counts as stalled:
     * longer than one attempt can take when the loop works (the connect timeout, the request
     * timeout of its {@code connect} request) plus a few of its 2 s ticks.
     */
    public long stalledLoopMillis() {
        return settings.connectTimeoutMillis() + settings.requestTimeoutMillis() + 3 * PacedWebSocketClient.LOOP_TICK_MILLIS;
    }

    /**
     * Reconnecting, but the Kurento client's loop has stopped trying (or an attempt hangs): drops
     * that client and dials a new one in the background ({@link #watch}, paced by the backoff).
     * Never waits: if another thread is connecting, the next caller checks again.
     */
    private void replaceIfStalled() {
        PacedWebSocketClient rpc = currentRpc;
        if (state != State.RECONNECTING || rpc == null) {
            return;
        }
        long quietMillis = Math.min(rpc.millisSinceLoopActivity(), millisSince(reconnectingSinceNanos));
        if (quietMillis < stalledLoopMillis() || !connecting.tryLock()) {
            return;
        }
        try {
            if (state != State.RECONNECTING || currentRpc != rpc) {
                return;
            }
            retire("the Kurento client stopped trying to reconnect (nothing for " + quietMillis / 1000 + " s)");
        } finally {
            connecting.unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "the Kurento client of the media server at {0} has made no reconnection attempt for {1} s; "
                + "replacing it with a new client", displayUrl(), String.valueOf(quietMillis / 1000));
        watchInBackground();
    }

    /**
     * Drops the current client (the caller holds {@link #connecting}): its late events, a
     * reconnection included, are ignored from now on, and it is closed on a thread of its own,
     * because closing may wait for its connection lock (up to 25 s) held by a hung attempt. The
     * state stays {@link State#RECONNECTING}: a new client is dialled.
     */
    private void retire(String why) {
        KurentoClient stale = client;
        currentListener = null;
        currentRpc = null;
        client = null;
        problem = why;
        if (stale == null) {
            return;
        }
        Runnable destroy = () -> {
            try {
                stale.destroy();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the replaced Kurento client failed: {0}", rootCause(e));
            }
        };
        Thread closer = threads.newThread(destroy);
        if (closer != null) {
            closer.start();
        } else {
            destroy.run();
        }
    }

    /**
     * Watches the connection on a thread of its own from the drop until it is connected again or
     * closed: while the Kurento client's own loop reconnects, it checks that the loop still runs
     * ({@link #replaceIfStalled()}); once that client is dropped, it dials a new one as often as
     * the backoff allows. Health rounds and callers may dial meanwhile; whoever holds
     * {@link #connecting} does.
     */
    private void watchInBackground() {
        synchronized (watcherLock) {
            Thread running = watcher;
            if (running != null && running.isAlive() || state != State.RECONNECTING) {
                return;
            }
            Thread t = threads.newThread(this::watch);
            if (t == null) {
                return; // the application is stopping
            }
            watcher = t;
            t.start();
        }
    }

    private void watch() {
        boolean closed = false;
        try {
            while (state == State.RECONNECTING) {
                Thread.sleep(Math.max(WATCH_PAUSE_MILLIS, Math.min(outage.millisUntilNextAttempt(), 1_000)));
                if (client != null) {
                    replaceIfStalled();
                    continue;
                }
                if (!connecting.tryLock()) {
                    continue;
                }
                try {
                    if (state == State.RECONNECTING && client == null && outage.attemptDue()) {
                        connect();
                    }
                } catch (MediaServerUnavailableException e) {
                    // the backoff schedules the next attempt; the outage policy logs what is worth logging
                } finally {
                    connecting.unlock();
                }
            }
        } catch (InterruptedException e) {
            closed = true;
        } finally {
            synchronized (watcherLock) {
                if (watcher == Thread.currentThread()) {
                    watcher = null;
                }
            }
        }
        if (!closed && state == State.RECONNECTING) {
            watchInBackground(); // dropped again just as this one saw the connection back
        }
    }

    /**
     * Pipelines that a replaced client could not release are released through the new one, by id;
     * on a server that restarted they are gone already, which is fine.
     */
    private void releaseLeftoversThrough(KurentoClient created) {
        for (MediaPipeline left : new ArrayList<>(unreleased)) {
            unreleased.remove(left);
            try {
                created.getById(left.getId(), MediaPipeline.class).release();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "pipeline {0} left from before is gone: {1}", left.getId(), rootCause(e));
            }
        }
    }

    private static Thread connectorThread(Runnable attempt) {
        Thread t = new Thread(attempt, "parley-media-server-connect");
        t.setDaemon(true); // an attempt that hangs must not keep a tool's JVM alive; it is bounded anyway
        return t;
    }

    /** Starts following {@code media}: it ends if the server goes away. */
    void track(SessionMedia media) {
        live.add(media);
        if (state != State.CONNECTED) {
            // Lost between building and tracking: end it the same way as the others.
            if (live.remove(media)) {
                unreleased.add(media.pipeline());
                media.abandon(new MediaFailure(Kind.MEDIA_SERVER_LOST, "the media server at " + displayUrl() + " went away: " + problem));
            }
        }
    }

    void untrack(SessionMedia media) {
        live.remove(media);
    }

    /**
     * Asks the connected server for something cheap (its memory use), within the request timeout.
     *
     * @throws MediaServerUnavailableException if it is not connected or does not answer
     */
    public void probe() {
        KurentoClient c = connectedClient();
        if (c == null) {
            throw new MediaServerUnavailableException("the media server at " + displayUrl() + " is not connected yet");
        }
        try {
            c.getServerManager().getUsedMemory();
        } catch (RuntimeException e) {
            throw new MediaServerUnavailableException("the media server at " + displayUrl() + " did not answer a health check: "
                    + rootCause(e), e);
        }
    }

    /**
     * The server is still connected but failed its health checks (hung, overloaded): the media of
     * every live session ends as if it were gone ({@link Kind#MEDIA_SERVER_LOST}), without calls
     * to it; their pipelines are released by {@link #releaseLeftovers()} once it answers again.
     */
    public void failHealthCheck(String why) {
        if (state == State.CLOSED) {
            return;
        }
        MediaFailure lost = new MediaFailure(Kind.MEDIA_SERVER_LOST, "the media server at " + displayUrl() + " failed its health check: " + why);
        for (SessionMedia media : takeLive()) {
            unreleased.add(media.pipeline());
            media.abandon(lost);
        }
    }

    /** Releases the pipelines left by {@link #failHealthCheck} (the server answers again). */
    public void releaseLeftovers() {
        List<MediaPipeline> pending = new ArrayList<>(unreleased);
        unreleased.removeAll(pending);
        pending.forEach(this::release);
    }

    /** Sessions whose media is live. */
    public int liveSessions() {
        return live.size();
    }

    /** Pipelines that could not be released yet because the server was unreachable. */
    public int unreleasedPipelines() {
        return unreleased.size();
    }

    /** Releases {@code pipeline} now if the server is reachable, else once it is back (same server). */
    void release(MediaPipeline pipeline) {
        if (state != State.CONNECTED) {
            unreleased.add(pipeline);
            return;
        }
        try {
            pipeline.release();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing pipeline {0} failed ({1}); retrying once the media server is back",
                    pipeline.getId(), rootCause(e));
            unreleased.add(pipeline);
        }
    }

    /** Ends every live session's media, then closes the client. */
    @Override
    public void close() {
        State before = state;
        state = State.CLOSED;
        problem = "closed";
        synchronized (watcherLock) {
            if (watcher != null) {
                watcher.interrupt();
            }
        }
        MediaFailure shutdown = new MediaFailure(Kind.MEDIA_SERVER_LOST, "the application closed its media server connection (shutting down)");
        for (SessionMedia media : takeLive()) {
            if (before == State.CONNECTED) {
                media.closeAfter(shutdown);
            } else {
                media.abandon(shutdown);
            }
        }
        KurentoClient c = client;
        client = null;
        if (c != null) {
            c.destroy();
        }
        unreleased.clear();
    }

    /** The live sessions, each taken out of the set once (a session is ended by one caller only). */
    private List<SessionMedia> takeLive() {
        List<SessionMedia> taken = new ArrayList<>();
        for (SessionMedia media : new ArrayList<>(live)) {
            if (live.remove(media)) {
                taken.add(media);
            }
        }
        return taken;
    }

    private void onDisconnected(Listener from) {
        if (from != currentListener || state == State.CLOSED) {
            return;
        }
        if (state != State.RECONNECTING) {
            reconnectingSinceNanos = System.nanoTime();
            state = State.RECONNECTING;
            problem = "the connection dropped";
            outage.lost(problem + "; ending " + live.size() + " live session(s)").ifPresent(KurentoConnection::log);
            watchInBackground();
        }
        MediaFailure lost = new MediaFailure(Kind.MEDIA_SERVER_LOST, "the connection to the media server at " + displayUrl() + " dropped");
        for (SessionMedia media : takeLive()) {
            unreleased.add(media.pipeline()); // the same server may still hold it when the client reconnects
            media.abandon(lost);
        }
    }

    /**
     * The Kurento client reports itself closed, or failed outside its reconnection loop: it will
     * not reconnect. With reconnection set to go on forever it does that only on its own initiative,
     * when its WebSocket handler catches an exception (a connection reset by a killed server, seen
     * in CI 12-06: the client then closes itself instead of reconnecting). The drop is handled as
     * any other, and a new client is dialled in the background.
     */
    private void onClientGaveUp(Listener from) {
        if (from != currentListener || state == State.CLOSED || client == null) {
            return; // not (yet) the connection in use: a first connection that failed is reported by connect()
        }
        onDisconnected(from);
        Thread retiring = threads.newThread(() -> {
            connecting.lock();
            try {
                if (currentListener != from || state != State.RECONNECTING) {
                    return; // reconnected or replaced meanwhile
                }
                retire("the Kurento client closed its connection and will not reconnect (" + problem + ")");
            } finally {
                connecting.unlock();
            }
            LOG.log(System.Logger.Level.INFO, "the Kurento client of the media server at {0} closed itself; dialling a new one", displayUrl());
            watchInBackground();
        });
        if (retiring != null) {
            retiring.start(); // not on the client's event thread: it may wait for a connect in progress
        }
    }

    private void onReconnected(Listener from, boolean sameServer) {
        if (from != currentListener || state == State.CLOSED) {
            return;
        }
        state = State.CONNECTED;
        outage.succeeded().ifPresent(KurentoConnection::log);
        if (sameServer) {
            List<MediaPipeline> pending = new ArrayList<>(unreleased);
            unreleased.clear();
            LOG.log(System.Logger.Level.INFO, "reconnected to the same media server at {0}; releasing {1} pipeline(s) left from before",
                    displayUrl(), pending.size());
            pending.forEach(this::release);
        } else {
            LOG.log(System.Logger.Level.WARNING, "reconnected to a new media server at {0}: the objects of the previous one are gone", displayUrl());
            unreleased.clear();
            MediaFailure restarted = new MediaFailure(Kind.MEDIA_SERVER_RESTARTED, "the media server at " + displayUrl()
                    + " restarted and lost this session");
            takeLive().forEach(media -> media.abandon(restarted));
        }
    }

    private static void log(OutagePolicy.Entry entry) {
        LOG.log(entry.level(), entry.message());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        // Netty and the Kurento client put the URL, secret included, into some of their messages.
        String message = MediaServerUrls.redactWithin(t.getMessage());
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /**
     * Follows one client's connection. Kurento calls it on its own event threads; events of a client
     * that failed to connect and was dropped are ignored.
     */
    private final class Listener implements KurentoConnectionListener, JsonRpcWSConnectionListener, PacedWebSocketClient.Pacing {

        @Override
        public boolean attemptDue() {
            return outage.attemptDue();
        }

        @Override
        public void attemptFailed(Exception cause) {
            if (this == currentListener && state != State.CLOSED) {
                if (state == State.CONNECTED) {
                    // The Kurento client may try its first reconnection before it reports the drop
                    // (seen under load): the drop is the outage's cause, this failure only its sequel.
                    onDisconnected(this);
                }
                problem = rootCause(cause);
                outage.failed(problem).ifPresent(KurentoConnection::log);
            }
        }

        @Override
        public void connected() {
            // create() returning is what makes the connection usable; nothing else to do
        }

        @Override
        public void connectionFailed() {
            onClientGaveUp(this);
        }

        @Override
        public void disconnected() {
            onClientGaveUp(this);
        }

        @Override
        public void reconnecting() {
            onDisconnected(this);
        }

        @Override
        public void reconnected(boolean sameServer) {
            onReconnected(this, sameServer);
        }
    }
}
