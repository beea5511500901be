package dev.parley.store;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One exchange of a session: what the user said and the agent's reply, with what the user actually
 * heard of it when they barged in.
 */
@Entity
@Table(name = "PARLEY_TURN", indexes = @Index(name = "PARLEY_TURN_SESSION", columnList = "SESSION_ID,TURN_NUMBER"))
public class TurnRecord {

    static final int TEXT_LENGTH = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.TABLE)
    @Column(name = "ID")
    private Long id;

    @Column(name = "SESSION_ID", length = 64, nullable = false)
    private String sessionId;

    @Column(name = "TURN_NUMBER", nullable = false)
    private int turn;

    @Column(name = "USER_TEXT", length = TEXT_LENGTH)
    private String userText;

    @Column(name = "AGENT_TEXT", length = TEXT_LENGTH)
    private String agentText;

    @Column(name = "HEARD_TEXT", length = TEXT_LENGTH)
    private String heardText;

    @Column(name = "INTERRUPTED", nullable = false)
    private boolean interrupted;

    @Convert(converter = InstantConverter.class)
    @Column(name = "USER_SPOKE_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    private Instant userSpokeAt;

    @Convert(converter = InstantConverter.class)
    @Column(name = "AGENT_STARTED_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    private Instant agentStartedAt;

    @Convert(converter = InstantConverter.class)
    @Column(name = "ENDED_AT", nullable = false, columnDefinition = InstantConverter.REQUIRED_COLUMN_TYPE)
    private Instant endedAt;

    protected TurnRecord() {
    }

    TurnRecord(String sessionId, CompletedTurn turn) {
        this.sessionId = sessionId;
        this.turn = turn.turn();
        this.userText = Texts.clip(turn.userText(), TEXT_LENGTH);
        this.agentText = Texts.clip(turn.agentText(), TEXT_LENGTH);
        this.heardText = Texts.clip(turn.heardText(), TEXT_LENGTH);
        this.interrupted = turn.interrupted();
        this.userSpokeAt = InstantConverter.asStored(turn.userSpokeAt());
        this.agentStartedAt = InstantConverter.asStored(turn.agentStartedAt());
        this.endedAt = InstantConverter.asStored(turn.endedAt());
    }

    public String getSessionId() {
        return sessionId;
    }

    public int getTurn() {
        return turn;
    }

    public String getUserText() {
        return userText;
    }

    public String getAgentText() {
        return agentText;
    }

    public String getHeardText() {
        return heardText;
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    public Instant getUserSpokeAt() {
        return userSpokeAt;
    }

    public Instant getAgentStartedAt() {
        return agentStartedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }
}
