package dev.parley.metrics;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.SessionEndCause;
import dev.parley.conversation.TurnMetrics;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerConnection;
import dev.parley.media.MediaServerPool;
import dev.parley.media.MediaServerStatus;
import dev.parley.rtp.BridgeCounters;
import dev.parley.session.SessionObserver;
import dev.parley.session.SessionRegistry;
import dev.parley.session.VoiceSessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * Parley's application metrics, served by MicroProfile Metrics 5 at
 * {@code /metrics?scope=application} (Prometheus names in docs/deployment.md). Session metrics are
 * fed from the session layer: as a {@link SessionObserver} it hears sessions open and listens to
 * their conversations (turns, latencies), and it observes {@link VoiceSessionEnded} (end causes, the
 * RTP bridge's counters).
 *
 * <p>Latencies are {@link Timer}s, not histograms: MicroProfile histograms take whole numbers in the
 * declared unit and Payara exports their {@code _sum} unscaled, while timers take a {@link
 * java.time.Duration} and are exported in seconds throughout. Their buckets (voice-sized, 50 ms to
 * 5 s) are set in {@code mp.metrics.distribution.timer.buckets} (META-INF/microprofile-config.properties),
 * which turns them into Prometheus histograms that can be summed across instances. Their unit is
 * declared as nanoseconds because that is what a timer records: Payara scales the snapshot's mean,
 * max and quantiles from the declared unit to seconds (declared as seconds, they came out as raw
 * nanoseconds, 10^9 times the {@code _sum / _count} ratio).
 */
@ApplicationScoped
public class ParleyMetrics implements SessionObserver {

    public static final String INFO_REQUESTS = "parley.info.requests";
    public static final String SESSIONS_ACTIVE = "parley.sessions.active";
    public static final String SESSIONS_STARTED = "parley.sessions.started";
    public static final String SESSIONS_ENDED = "parley.sessions.ended";
    public static final String TURNS = "parley.turns";
    public static final String RESPONSE_LATENCY = "parley.response.latency";
    public static final String BARGE_IN_REACTION = "parley.barge.in.reaction";
    public static final String TURN_STAGE = "parley.turn.stage";
    public static final String PACKETS_LOST = "parley.rtp.packets.lost";
    public static final String PACKETS_DROPPED = "parley.rtp.packets.dropped";
    public static final String MEDIA_SERVER_USABLE = "parley.media.server.usable";
    public static final String MEDIA_SERVER_SESSIONS = "parley.media.server.sessions";

    @Inject
    @Metric(name = INFO_REQUESTS, absolute = true, description = "Info requests answered")
    Counter infoRequests;

    @Inject
    MetricRegistry registry;

    @Inject
    SessionRegistry sessions;

    @Inject
    MediaServerConnection mediaServers;

    private Counter started;
    private Counter turns;
    private Timer responseLatency;
    private Timer bargeInReaction;
    private final Map<TurnStage, Timer> stages = new EnumMap<>(TurnStage.class);
    private Counter packetsLost;
    private Counter packetsDropped;

    /** Registers the metrics as the application starts, so they read 0 instead of being absent until first used. */
    void registerAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        register();
    }

    private synchronized void register() {
        if (started != null) {
            return;
        }
        registry.gauge(Metadata.builder().withName(SESSIONS_ACTIVE).withDescription("Voice sessions live now").build(),
                sessions, SessionRegistry::size);
        for (SessionEndCause cause : SessionEndCause.values()) {
            ended(cause);
        }
        registerMediaServers(mediaServers.pool());
        turns = registry.counter(Metadata.builder().withName(TURNS)
                .withDescription("Agent turns completed (answers, idle prompts, spoken texts; interrupted ones too)").build());
        responseLatency = registry.timer(Metadata.builder().withName(RESPONSE_LATENCY).withUnit(MetricUnits.NANOSECONDS)
                .withDescription("End of the user's speech to the agent's first audio packet sent, per answered turn").build());
        bargeInReaction = registry.timer(Metadata.builder().withName(BARGE_IN_REACTION).withUnit(MetricUnits.NANOSECONDS)
                .withDescription("Onset of the user's interrupting speech to the agent's audio flushed, per barge-in").build());
        Metadata stage = Metadata.builder().withName(TURN_STAGE).withUnit(MetricUnits.NANOSECONDS)
                .withDescription("Each stage of an answered turn (endpointing, stt_final, llm_first_token, tts_first_audio, "
                        + "first_packet_out); per turn they add up to the response latency").build();
        for (TurnStage s : TurnStage.values()) {
            stages.put(s, registry.timer(stage, new Tag("stage", s.label())));
        }
        packetsLost = registry.counter(Metadata.builder().withName(PACKETS_LOST)
                .withDescription("RTP packets from browsers that never arrived (RFC 3550 cumulative loss), added at each session end").build());
        packetsDropped = registry.counter(Metadata.builder().withName(PACKETS_DROPPED)
                .withDescription("RTP packets from browsers that arrived but were dropped (late, duplicate, unnegotiated payload type), "
                        + "added at each session end").build());
        started = registry.counter(Metadata.builder().withName(SESSIONS_STARTED).withDescription("Voice sessions opened").build());
    }

    /** One gauge pair per media server of the pool, tagged with its redacted URL and its zone. */
    private void registerMediaServers(MediaServerPool pool) {
        Metadata usable = Metadata.builder().withName(MEDIA_SERVER_USABLE)
                .withDescription("1 while the media server takes new sessions (connected, passing its health checks), else 0").build();
        Metadata live = Metadata.builder().withName(MEDIA_SERVER_SESSIONS).withDescription("Sessions whose media runs on the media server now").build();
        List<KurentoConnection> connections = pool.connections();
        for (int i = 0; i < connections.size(); i++) {
            int index = i;
            MediaServerStatus status = pool.statuses().get(i);
            Tag[] tags = {new Tag("server", status.url()), new Tag("zone", status.zone() == null ? "" : status.zone())};
            registry.gauge(usable, pool, p -> p.statuses().get(index).up() ? 1 : 0, tags);
            registry.gauge(live, connections.get(i), KurentoConnection::liveSessions, tags);
        }
    }

    private Counter ended(SessionEndCause cause) {
        return registry.counter(Metadata.builder().withName(SESSIONS_ENDED).withDescription("Voice sessions ended, by cause").build(),
                new Tag("cause", cause.name().toLowerCase(Locale.ROOT)));
    }

    public void infoRequested() {
        infoRequests.inc();
    }

    @Override
    public ConversationListener sessionOpened(OpenedSession session) {
        register();
        started.inc();
        return this::conversationEvent;
    }

    private void conversationEvent(ConversationEvent event) {
        if (event instanceof ConversationEvent.TurnCompleted completed) {
            TurnMetrics metrics = completed.metrics();
            turns.inc();
            TurnStage.responseLatency(metrics).ifPresent(latency -> {
                responseLatency.update(latency);
                // Only answered turns: an idle prompt's stages would start from no user speech.
                stages.forEach((s, timer) -> s.of(metrics).ifPresent(timer::update));
            });
            TurnStage.bargeInReaction(metrics).ifPresent(bargeInReaction::update);
        }
    }

    void sessionEnded(@Observes VoiceSessionEnded end) {
        register();
        ended(end.cause()).inc();
        BridgeCounters bridge = end.bridge();
        if (bridge != null) {
            packetsLost.inc(Math.max(0, bridge.lost()));
            packetsDropped.inc(bridge.late() + bridge.duplicates() + bridge.otherPayloadTypes());
        }
    }
}
