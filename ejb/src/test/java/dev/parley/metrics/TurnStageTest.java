package dev.parley.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.TurnMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TurnStageTest {

    private static final long MS = 1_000_000L;
    private static final long NO = TurnMetrics.NOT_REACHED;

    @Test
    void theStagesOfAnAnsweredTurnAddUpToItsResponseLatency() {
        long end = 5_000 * MS + 123_457; // not whole milliseconds: the stages keep nanoseconds
        TurnMetrics turn = new TurnMetrics(1, end, end + 400 * MS, end + 455 * MS, end + 610 * MS, end + 690 * MS,
                end + 707 * MS, NO, NO, 0, false);

        assertEquals(Duration.ofMillis(400), TurnStage.ENDPOINTING.of(turn).orElseThrow());
        assertEquals(Duration.ofMillis(55), TurnStage.STT_FINAL.of(turn).orElseThrow());
        assertEquals(Duration.ofMillis(155), TurnStage.LLM_FIRST_TOKEN.of(turn).orElseThrow());
        assertEquals(Duration.ofMillis(80), TurnStage.TTS_FIRST_AUDIO.of(turn).orElseThrow());
        assertEquals(Duration.ofMillis(17), TurnStage.FIRST_PACKET_OUT.of(turn).orElseThrow());
        Duration sum = Duration.ZERO;
        for (TurnStage stage : TurnStage.values()) {
            sum = sum.plus(stage.of(turn).orElseThrow());
        }
        assertEquals(TurnStage.responseLatency(turn).orElseThrow(), sum);
        assertEquals(Duration.ofMillis(707), sum);
        assertTrue(TurnStage.bargeInReaction(turn).isEmpty());
    }

    @Test
    void aStageNotReachedHasNoDuration() {
        // An idle prompt: no user speech; the reply was interrupted before its first audio was sent.
        TurnMetrics turn = new TurnMetrics(2, NO, NO, NO, 100 * MS, 180 * MS, NO, 300 * MS, 120 * MS, 3, true);

        assertTrue(TurnStage.ENDPOINTING.of(turn).isEmpty());
        assertTrue(TurnStage.FIRST_PACKET_OUT.of(turn).isEmpty());
        assertTrue(TurnStage.responseLatency(turn).isEmpty());
        assertEquals(Duration.ofMillis(80), TurnStage.TTS_FIRST_AUDIO.of(turn).orElseThrow());
        assertEquals(Duration.ofMillis(180), TurnStage.bargeInReaction(turn).orElseThrow());
    }

    @Test
    void labelsAreThePrometheusOnes() {
        assertEquals("endpointing", TurnStage.ENDPOINTING.label());
        assertEquals("stt_final", TurnStage.STT_FINAL.label());
        assertEquals("llm_first_token", TurnStage.LLM_FIRST_TOKEN.label());
        assertEquals("tts_first_audio", TurnStage.TTS_FIRST_AUDIO.label());
        assertEquals("first_packet_out", TurnStage.FIRST_PACKET_OUT.label());
    }
}
