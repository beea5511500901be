package dev.parley.metrics;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.TurnMetrics;
import dev.parley.rtp.BridgeCounters;
import dev.parley.session.SessionEndCause;
import dev.parley.session.SessionObserver;
import dev.parley.session.SessionRegistry;
import dev.parley.session.VoiceSessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * Parley's application metrics, served by MicroProfile Metrics 5 at
 * {@code /metrics?scope=application} (Prometheus names in docs/deployment.md). Session metrics are
 * fed from the session layer: as a {@link SessionObserver} it hears sessions open and listens to
 * their conversations (turns, latencies), and it observes {@link VoiceSessionEnded} (end causes, the
 * RTP bridge's counters).
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
    public static final String PACKETS_LOST = "parley.rtp.packets.lost";
    public static final String PACKETS_DROPPED = "parley.rtp.packets.dropped";

    @Inject
    @Metric(name = INFO_REQUESTS, absolute = true, description = "Info requests answered")
    Counter infoRequests;

    @Inject
    MetricRegistry registry;

    @Inject
    SessionRegistry sessions;

    private Counter started;
    private Counter turns;
    private Histogram responseLatency;
    private Histogram bargeInReaction;
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
        turns = registry.counter(Metadata.builder().withName(TURNS)
                .withDescription("Agent turns completed (answers, idle prompts, spoken texts; interrupted ones too)").build());
        responseLatency = registry.histogram(Metadata.builder().withName(RESPONSE_LATENCY).withUnit(MetricUnits.MILLISECONDS)
                .withDescription("End of the user's speech to the agent's first audio packet sent, per answered turn").build());
        bargeInReaction = registry.histogram(Metadata.builder().withName(BARGE_IN_REACTION).withUnit(MetricUnits.MILLISECONDS)
                .withDescription("Onset of the user's interrupting speech to the agent's audio flushed, per barge-in").build());
        packetsLost = registry.counter(Metadata.builder().withName(PACKETS_LOST)
                .withDescription("RTP packets from browsers that never arrived (RFC 3550 cumulative loss), added at each session end").build());
        packetsDropped = registry.counter(Metadata.builder().withName(PACKETS_DROPPED)
                .withDescription("RTP packets from browsers that arrived but were dropped (late, duplicate, unnegotiated payload type), "
                        + "added at each session end").build());
        started = registry.counter(Metadata.builder().withName(SESSIONS_STARTED).withDescription("Voice sessions opened").build());
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
            if (metrics.responseLatencyMillis() >= 0) {
                responseLatency.update(metrics.responseLatencyMillis());
            }
            if (metrics.bargeInReactionMillis() >= 0) {
                bargeInReaction.update(metrics.bargeInReactionMillis());
            }
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
