package dev.parley.telemetry;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;
import dev.parley.conversation.TurnMetrics;
import dev.parley.session.ClientInfo;
import dev.parley.session.SessionObserver;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.parley.conversation.TurnMetrics.NOT_REACHED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-turn span tree, made by the real OpenTelemetry SDK and read back from its in-memory exporter. */
class TurnSpansTest {
    private static final long MS = 1_000_000L;
    /** Where the monotonic clock's 0 lies in wall time, for these tests. */
    private static final long EPOCH = 1_796_000_000_000L * MS;

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    @AfterEach
    void close() {
        provider.close();
    }

    private Map<String, SpanData> byName() {
        return exported.getFinishedSpanItems().stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    }

    private static long millis(SpanData span) {
        return (span.getEndEpochNanos() - span.getStartEpochNanos()) / MS;
    }

    @Test
    void anAnsweredTurnIsOneTurnSpanWithAChildPerStageTimedByItsMetrics() {
        // speech ends at 1000 ms; endpoint 1250; final 1260; first token 1400; TTS audio 1480; packet out 1500
        TurnMetrics m = new TurnMetrics(3, 1000 * MS, 1250 * MS, 1260 * MS, 1400 * MS, 1480 * MS, 1500 * MS,
                NOT_REACHED, NOT_REACHED, 0, false);
        new TurnSpans(provider.get("test")).record(new TurnSpans.CompletedTurn("s-1", m, 1700 * MS, 4000 * MS, null), t -> EPOCH + t);

        Map<String, SpanData> spans = byName();
        assertEquals(7, spans.size(), spans.keySet().toString());
        SpanData turn = spans.get(TurnSpans.TURN);
        assertFalse(turn.getParentSpanContext().isValid(), "the turn is a trace of its own");
        assertEquals("s-1", turn.getAttributes().get(TurnSpans.SESSION_ID));
        assertEquals(3L, turn.getAttributes().get(TurnSpans.TURN_NUMBER));
        assertEquals(500L, turn.getAttributes().get(TurnSpans.RESPONSE_LATENCY_MS));
        assertNull(turn.getAttributes().get(TurnSpans.USER_TEXT), "no words unless the operator asks");
        assertEquals(EPOCH + 1000 * MS, turn.getStartEpochNanos());
        assertEquals(EPOCH + 4000 * MS, turn.getEndEpochNanos());
        for (SpanData span : spans.values()) {
            if (span != turn) {
                assertEquals(turn.getSpanId(), span.getParentSpanId(), span.getName());
                assertEquals(turn.getTraceId(), span.getTraceId(), span.getName());
            }
        }
        assertEquals(m.endpointingMillis(), millis(spans.get(TurnSpans.ENDPOINTING)));
        assertEquals(m.sttFinishLatencyMillis(), millis(spans.get(TurnSpans.STT_FINAL)));
        assertEquals(m.firstTokenLatencyMillis(), millis(spans.get(TurnSpans.LLM_FIRST_TOKEN)));
        assertEquals(300, millis(spans.get(TurnSpans.LLM_STREAM)));
        assertEquals(m.firstTtsAudioLatencyMillis(), millis(spans.get(TurnSpans.TTS_FIRST_AUDIO)));
        assertEquals(20, millis(spans.get(TurnSpans.FIRST_PACKET_OUT)));
        assertEquals(EPOCH + 1400 * MS, spans.get(TurnSpans.LLM_STREAM).getStartEpochNanos());
    }

    @Test
    void aBargeInIsAStageAndTheTurnLastsUntilItsEnd() {
        TurnMetrics m = new TurnMetrics(1, 0, 250 * MS, 300 * MS, 400 * MS, 500 * MS, 520 * MS, 2600 * MS, 2400 * MS, 12, true);
        new TurnSpans(provider.get("test")).record(new TurnSpans.CompletedTurn("s", m, 900 * MS, 2500 * MS, null), t -> EPOCH + t);

        Map<String, SpanData> spans = byName();
        assertEquals(200, millis(spans.get(TurnSpans.BARGE_IN)));
        assertEquals(EPOCH + 2600 * MS, spans.get(TurnSpans.TURN).getEndEpochNanos(), "not before its last stage ends");
        assertEquals(Boolean.TRUE, spans.get(TurnSpans.TURN).getAttributes().get(TurnSpans.INTERRUPTED));
    }

    @Test
    void aReplyPreparedBeforeTheFinalHasNoFirstTokenStageAndAnIdlePromptNoUserStages() {
        TurnMetrics preemptive = new TurnMetrics(2, 0, 250 * MS, 300 * MS, 200 * MS, 320 * MS, 340 * MS, NOT_REACHED, NOT_REACHED, 0,
                false, true, 0, 0);
        new TurnSpans(provider.get("test")).record(new TurnSpans.CompletedTurn("s", preemptive, NOT_REACHED, 3000 * MS, null), t -> EPOCH + t);
        Map<String, SpanData> spans = byName();
        assertFalse(spans.containsKey(TurnSpans.LLM_FIRST_TOKEN), spans.keySet().toString());
        assertFalse(spans.containsKey(TurnSpans.LLM_STREAM), "no text arrived: no stream stage");
        assertEquals(Boolean.TRUE, spans.get(TurnSpans.TURN).getAttributes().get(TurnSpans.PREEMPTIVE));
        assertEquals(EPOCH, spans.get(TurnSpans.TURN).getStartEpochNanos());

        exported.reset();
        TurnMetrics idle = new TurnMetrics(4, NOT_REACHED, NOT_REACHED, NOT_REACHED, 100 * MS, 180 * MS, 200 * MS, NOT_REACHED,
                NOT_REACHED, 0, false);
        new TurnSpans(provider.get("test")).record(new TurnSpans.CompletedTurn("s", idle, 150 * MS, 2000 * MS, null), t -> EPOCH + t);
        spans = byName();
        assertEquals(List.of(TurnSpans.FIRST_PACKET_OUT, TurnSpans.LLM_STREAM, TurnSpans.TTS_FIRST_AUDIO, TurnSpans.TURN),
                spans.keySet().stream().sorted().toList());
        assertEquals(EPOCH + 100 * MS, spans.get(TurnSpans.TURN).getStartEpochNanos());
        assertFalse(spans.get(TurnSpans.TURN).getAttributes().asMap().containsKey(TurnSpans.RESPONSE_LATENCY_MS));
    }

    @Test
    void theObserverTracesEachCompletedTurnWithItsStreamEndAndTheWordsOnlyWhenAsked() {
        TurnMetrics m = new TurnMetrics(1, 1000 * MS, 1250 * MS, 1260 * MS, 1400 * MS, 1480 * MS, 1500 * MS, NOT_REACHED, NOT_REACHED, 0, false);
        for (boolean includeText : new boolean[] {false, true}) {
            exported.reset();
            ConversationListener session = new TurnTracing(provider.get("test"), includeText)
                    .sessionOpened(new SessionObserver.OpenedSession("s-9", ClientInfo.UNKNOWN, null));
            session.onEvent(new ConversationEvent.FinalTranscript(1260 * MS, "what is parley"));
            session.onEvent(new ConversationEvent.AgentText(1400 * MS, 1, "Parley is"));
            session.onEvent(new ConversationEvent.AgentText(1650 * MS, 1, "a voice agent."));
            session.onEvent(new ConversationEvent.TurnCompleted(4000 * MS, m));
            Map<String, SpanData> spans = byName();
            assertEquals(250, millis(spans.get(TurnSpans.LLM_STREAM)), "first token to the last text");
            assertEquals(includeText ? "what is parley" : null, spans.get(TurnSpans.TURN).getAttributes().get(TurnSpans.USER_TEXT));
            assertEquals("s-9", spans.get(TurnSpans.TURN).getAttributes().get(TurnSpans.SESSION_ID));
            long wallStart = spans.get(TurnSpans.TURN).getStartEpochNanos();
            long expected = System.currentTimeMillis() * MS - (System.nanoTime() - 1000 * MS);
            assertTrue(Math.abs(wallStart - expected) < 1000 * MS, "monotonic stamps become wall time: " + wallStart + " vs " + expected);
        }
    }
}
