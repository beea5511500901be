package dev.parley.telemetry;

import dev.parley.conversation.TurnMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import static dev.parley.conversation.TurnMetrics.NOT_REACHED;

/**
 * Writes one agent turn as a span tree once the turn is over: a {@value #TURN} span with a child
 * per stage, each between the two stamps of {@link TurnMetrics} that bound it, so a trace shows
 * where a slow answer lost its time. The spans are made after the fact with explicit timestamps:
 * nothing is open while the turn runs, and a turn that never completes leaves nothing behind.
 */
public final class TurnSpans {
    public static final String TURN = "parley.turn";
    public static final String ENDPOINTING = "parley.endpointing";
    public static final String STT_FINAL = "parley.stt.final";
    public static final String LLM_FIRST_TOKEN = "parley.llm.first_token";
    public static final String LLM_STREAM = "parley.llm.stream";
    public static final String TTS_FIRST_AUDIO = "parley.tts.first_audio";
    public static final String FIRST_PACKET_OUT = "parley.audio.first_packet_out";
    public static final String BARGE_IN = "parley.barge_in";

    public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("parley.session.id");
    public static final AttributeKey<Long> TURN_NUMBER = AttributeKey.longKey("parley.turn.number");
    public static final AttributeKey<Boolean> INTERRUPTED = AttributeKey.booleanKey("parley.turn.interrupted");
    public static final AttributeKey<Boolean> PREEMPTIVE = AttributeKey.booleanKey("parley.turn.preemptive");
    public static final AttributeKey<Long> RESPONSE_LATENCY_MS = AttributeKey.longKey("parley.turn.response_latency_ms");
    public static final AttributeKey<Long> FRAMES_DROPPED = AttributeKey.longKey("parley.barge_in.frames_dropped");
    public static final AttributeKey<Long> USER_FRAMES_CONCEALED = AttributeKey.longKey("parley.turn.user_frames_concealed");
    /** Only when an operator turns it on ({@code parley.telemetry.include-text}): the user's words. */
    public static final AttributeKey<String> USER_TEXT = AttributeKey.stringKey("parley.user.text");

    private final Tracer tracer;

    public TurnSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * What is known of a completed turn.
     *
     * @param sessionId      the session it belongs to
     * @param metrics        its stamps, on the engine's monotonic clock
     * @param llmLastTextNanos when the reply's last speakable text arrived (the model's stream ended), or NOT_REACHED
     * @param endNanos       when the turn completed
     * @param userText       the user's words, or null to leave them out
     */
    public record CompletedTurn(String sessionId, TurnMetrics metrics, long llmLastTextNanos, long endNanos, String userText) {
    }

    /**
     * @param toEpochNanos converts the engine's monotonic stamps to Unix epoch nanoseconds
     */
    public void record(CompletedTurn turn, LongUnaryOperator toEpochNanos) {
        TurnMetrics m = turn.metrics();
        long start = earliest(m.userSpeechEndNanos(), m.endpointNanos(), m.sttFinalNanos(), m.llmFirstTokenNanos(),
                m.bargeInOnsetNanos(), turn.endNanos());
        SpanBuilder builder = tracer.spanBuilder(TURN).setNoParent()
                .setStartTimestamp(toEpochNanos.applyAsLong(start), TimeUnit.NANOSECONDS)
                .setAttribute(SESSION_ID, turn.sessionId())
                .setAttribute(TURN_NUMBER, (long) m.turn())
                .setAttribute(INTERRUPTED, m.interrupted())
                .setAttribute(PREEMPTIVE, m.preemptiveUsed())
                .setAttribute(USER_FRAMES_CONCEALED, (long) m.userFramesConcealed());
        if (m.responseLatencyMillis() >= 0) {
            builder.setAttribute(RESPONSE_LATENCY_MS, m.responseLatencyMillis());
        }
        if (turn.userText() != null) {
            builder.setAttribute(USER_TEXT, turn.userText());
        }
        Span root = builder.startSpan();
        Context parent = Context.root().with(root);
        long end = turn.endNanos();
        end = Math.max(end, child(parent, ENDPOINTING, m.userSpeechEndNanos(), m.endpointNanos(), toEpochNanos));
        end = Math.max(end, child(parent, STT_FINAL, m.endpointNanos(), m.sttFinalNanos(), toEpochNanos));
        // A reply prepared during the user's pause had its first token before the final: no stage there.
        end = Math.max(end, child(parent, LLM_FIRST_TOKEN, m.sttFinalNanos(), m.llmFirstTokenNanos(), toEpochNanos));
        end = Math.max(end, child(parent, LLM_STREAM, m.llmFirstTokenNanos(), turn.llmLastTextNanos(), toEpochNanos));
        end = Math.max(end, child(parent, TTS_FIRST_AUDIO, m.llmFirstTokenNanos(), m.firstTtsAudioNanos(), toEpochNanos));
        end = Math.max(end, child(parent, FIRST_PACKET_OUT, m.firstTtsAudioNanos(), m.firstAudioOutNanos(), toEpochNanos));
        end = Math.max(end, child(parent, BARGE_IN, m.bargeInOnsetNanos(), m.bargeInNanos(), toEpochNanos));
        root.end(toEpochNanos.applyAsLong(end), TimeUnit.NANOSECONDS);
    }

    /** A stage's span if both its stamps were reached in order; returns its end, or NOT_REACHED (less than any stamp). */
    private long child(Context parent, String name, long from, long to, LongUnaryOperator toEpochNanos) {
        if (from == NOT_REACHED || to == NOT_REACHED || to < from) {
            return NOT_REACHED;
        }
        Span span = tracer.spanBuilder(name).setParent(parent)
                .setStartTimestamp(toEpochNanos.applyAsLong(from), TimeUnit.NANOSECONDS).startSpan();
        span.end(toEpochNanos.applyAsLong(to), TimeUnit.NANOSECONDS);
        return to;
    }

    private static long earliest(long... stamps) {
        long earliest = Long.MAX_VALUE;
        for (long stamp : stamps) {
            if (stamp != NOT_REACHED) {
                earliest = Math.min(earliest, stamp);
            }
        }
        return earliest;
    }
}
