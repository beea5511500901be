package dev.parley.metrics;

import dev.parley.conversation.TurnMetrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The consecutive stages of an answered turn, from the end of the user's speech to the first audio
 * packet sent. They follow one another, so for a turn that reached every stage their durations add
 * up to the response latency, and a dashboard can show where the time went.
 */
public enum TurnStage {
    /** End of the user's speech to the engine deciding the turn is over (the silence it waited). */
    ENDPOINTING,
    /** Turn over to the recognizer's final transcript. */
    STT_FINAL,
    /** Final transcript to the language model's first token. */
    LLM_FIRST_TOKEN,
    /** First token to the synthesizer's first audio. */
    TTS_FIRST_AUDIO,
    /** First synthesized audio to the first packet of it sent to the browser. */
    FIRST_PACKET_OUT;

    /** The Prometheus label value, e.g. {@code stt_final}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How long this stage took in {@code turn}, or empty if the turn did not reach both its ends. */
    public Optional<Duration> of(TurnMetrics turn) {
        return switch (this) {
            case ENDPOINTING -> between(turn.userSpeechEndNanos(), turn.endpointNanos());
            case STT_FINAL -> between(turn.endpointNanos(), turn.sttFinalNanos());
            case LLM_FIRST_TOKEN -> between(turn.sttFinalNanos(), turn.llmFirstTokenNanos());
            case TTS_FIRST_AUDIO -> between(turn.llmFirstTokenNanos(), turn.firstTtsAudioNanos());
            case FIRST_PACKET_OUT -> between(turn.firstTtsAudioNanos(), turn.firstAudioOutNanos());
        };
    }

    /** End of the user's speech to the first audio packet sent, or empty (idle prompts, resumed replies). */
    public static Optional<Duration> responseLatency(TurnMetrics turn) {
        return between(turn.userSpeechEndNanos(), turn.firstAudioOutNanos());
    }

    /** Onset of the interrupting speech to the agent's audio flushed, or empty if there was no barge-in. */
    public static Optional<Duration> bargeInReaction(TurnMetrics turn) {
        return between(turn.bargeInOnsetNanos(), turn.bargeInNanos());
    }

    // Nanosecond precision is kept: the exporter reports seconds as a decimal fraction.
    private static Optional<Duration> between(long from, long to) {
        if (from == TurnMetrics.NOT_REACHED || to == TurnMetrics.NOT_REACHED || to < from) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(to - from));
    }
}
