package dev.parley.store;

import dev.parley.conversation.TurnMetrics;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** The latencies of one agent turn, in milliseconds; -1 where the turn never got there. */
@Entity
@Table(name = "PARLEY_TURN_METRICS", indexes = @Index(name = "PARLEY_METRICS_SESSION", columnList = "SESSION_ID,TURN_NUMBER"))
public class TurnMetricsRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.TABLE)
    @Column(name = "ID")
    private Long id;

    @Column(name = "SESSION_ID", length = 64, nullable = false)
    private String sessionId;

    @Column(name = "TURN_NUMBER", nullable = false)
    private int turn;

    @Column(name = "RESPONSE_LATENCY_MS", nullable = false)
    private long responseLatencyMillis;

    @Column(name = "STT_FINAL_LATENCY_MS", nullable = false)
    private long sttFinalLatencyMillis;

    @Column(name = "ENDPOINTING_MS", nullable = false)
    private long endpointingMillis;

    @Column(name = "STT_FINISH_LATENCY_MS", nullable = false)
    private long sttFinishLatencyMillis;

    @Column(name = "FIRST_TOKEN_LATENCY_MS", nullable = false)
    private long firstTokenLatencyMillis;

    @Column(name = "FIRST_TTS_AUDIO_LATENCY_MS", nullable = false)
    private long firstTtsAudioLatencyMillis;

    @Column(name = "BARGE_IN_REACTION_MS", nullable = false)
    private long bargeInReactionMillis;

    @Column(name = "FRAMES_DROPPED_ON_FLUSH", nullable = false)
    private int framesDroppedOnFlush;

    @Column(name = "INTERRUPTED", nullable = false)
    private boolean interrupted;

    /** Nullable: a table made before this column existed is extended, and its earlier rows hold none. */
    @Column(name = "USER_FRAMES_CONCEALED")
    private Integer userFramesConcealed;

    protected TurnMetricsRecord() {
    }

    TurnMetricsRecord(String sessionId, TurnMetrics metrics) {
        this.sessionId = sessionId;
        this.turn = metrics.turn();
        this.responseLatencyMillis = metrics.responseLatencyMillis();
        this.sttFinalLatencyMillis = metrics.sttFinalLatencyMillis();
        this.endpointingMillis = metrics.endpointingMillis();
        this.sttFinishLatencyMillis = metrics.sttFinishLatencyMillis();
        this.firstTokenLatencyMillis = metrics.firstTokenLatencyMillis();
        this.firstTtsAudioLatencyMillis = metrics.firstTtsAudioLatencyMillis();
        this.bargeInReactionMillis = metrics.bargeInReactionMillis();
        this.framesDroppedOnFlush = metrics.framesDroppedOnFlush();
        this.interrupted = metrics.interrupted();
        this.userFramesConcealed = metrics.userFramesConcealed();
    }

    public String getSessionId() {
        return sessionId;
    }

    public int getTurn() {
        return turn;
    }

    public long getResponseLatencyMillis() {
        return responseLatencyMillis;
    }

    public long getSttFinalLatencyMillis() {
        return sttFinalLatencyMillis;
    }

    public long getEndpointingMillis() {
        return endpointingMillis;
    }

    public long getSttFinishLatencyMillis() {
        return sttFinishLatencyMillis;
    }

    public long getFirstTokenLatencyMillis() {
        return firstTokenLatencyMillis;
    }

    public long getFirstTtsAudioLatencyMillis() {
        return firstTtsAudioLatencyMillis;
    }

    public long getBargeInReactionMillis() {
        return bargeInReactionMillis;
    }

    /** Frames of the user's turn the bridge concealed; null for a turn stored before this was recorded. */
    public Integer getUserFramesConcealed() {
        return userFramesConcealed;
    }

    public int getFramesDroppedOnFlush() {
        return framesDroppedOnFlush;
    }

    public boolean isInterrupted() {
        return interrupted;
    }
}
