package dev.parley.telemetry;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.TurnMetrics;
import dev.parley.session.SessionObserver;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every completed agent turn as OpenTelemetry spans ({@link TurnSpans}), through the tracer
 * MicroProfile Telemetry gives the application. Tracing is off unless the operator turns the SDK
 * on ({@code otel.sdk.disabled=false} and the standard {@code otel.*} exporter settings); off, the
 * tracer is OpenTelemetry's no-op one and a turn costs a few no-op calls.
 *
 * <p>The engine's stamps are {@link System#nanoTime()} (its {@code SystemClock}); they become wall
 * time through the offset between the two clocks taken when the turn completes.
 */
@ApplicationScoped
public class TurnTracing implements SessionObserver {
    /** Config key: put the user's words on the turn span (off: they are personal data). */
    public static final String INCLUDE_TEXT = "parley.telemetry.include-text";
    private static final Logger LOG = Logger.getLogger(TurnTracing.class.getName());

    private TurnSpans spans;
    private boolean includeText;

    protected TurnTracing() {
        // for CDI
    }

    @Inject
    TurnTracing(Instance<Tracer> tracer, Config config) {
        this.spans = tracer.isResolvable() ? new TurnSpans(tracer.get()) : null;
        this.includeText = config.getOptionalValue(INCLUDE_TEXT, Boolean.class).orElse(false);
        if (spans == null) {
            LOG.info("telemetry: this server gives applications no OpenTelemetry tracer; turns are not traced");
        }
    }

    /** Outside the container (tests): over a tracer of the caller's. */
    public TurnTracing(Tracer tracer, boolean includeText) {
        this.spans = new TurnSpans(tracer);
        this.includeText = includeText;
    }

    @Override
    public ConversationListener sessionOpened(OpenedSession session) {
        return spans == null ? null : new SessionTurns(session.sessionId());
    }

    /** One session's conversation, on its lane: what the next completed turn needs that its metrics lack. */
    private final class SessionTurns implements ConversationListener {
        private final String sessionId;
        private long lastAgentText = TurnMetrics.NOT_REACHED;
        private String userText;

        SessionTurns(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void onEvent(ConversationEvent event) {
            if (event instanceof ConversationEvent.AgentText text) {
                lastAgentText = text.atNanos();
            } else if (event instanceof ConversationEvent.FinalTranscript fin && includeText) {
                userText = fin.text();
            } else if (event instanceof ConversationEvent.TurnCompleted completed) {
                long wall = epochNanos(Instant.now());
                long offset = wall - System.nanoTime();
                try {
                    spans.record(new TurnSpans.CompletedTurn(sessionId, completed.metrics(), lastAgentText, completed.atNanos(), userText),
                            mono -> mono + offset);
                } catch (RuntimeException e) {
                    // A tracing failure must never reach the conversation.
                    LOG.log(Level.WARNING, "telemetry: turn " + completed.metrics().turn() + " of session " + sessionId + " not traced", e);
                }
                lastAgentText = TurnMetrics.NOT_REACHED;
                userText = null;
            }
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
