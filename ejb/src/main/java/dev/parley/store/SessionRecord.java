package dev.parley.store;

import dev.parley.session.ClientInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One voice session, live or past. */
@Entity
@Table(name = "PARLEY_SESSION", indexes = @Index(name = "PARLEY_SESSION_STARTED", columnList = "STARTED_AT"))
@NamedQuery(name = SessionRecord.COUNT_TURNS, query = "select count(t) from TurnRecord t where t.sessionId = :id")
public class SessionRecord {

    static final String COUNT_TURNS = "SessionRecord.countTurns";
    static final int DETAIL_LENGTH = 1000;

    @Id
    @Column(name = "ID", length = 64)
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 16, nullable = false)
    private SessionState state;

    @Convert(converter = InstantConverter.class)
    @Column(name = "STARTED_AT", nullable = false, columnDefinition = InstantConverter.REQUIRED_COLUMN_TYPE)
    private Instant startedAt;

    @Convert(converter = InstantConverter.class)
    @Column(name = "ENDED_AT", columnDefinition = InstantConverter.COLUMN_TYPE)
    private Instant endedAt;

    @Column(name = "CLIENT_ADDRESS", length = 128)
    private String clientAddress;

    @Column(name = "USER_AGENT", length = 512)
    private String userAgent;

    @Column(name = "ORIGIN", length = 512)
    private String origin;

    @Column(name = "END_CAUSE", length = 64)
    private String endCause;

    @Column(name = "END_DETAIL", length = DETAIL_LENGTH)
    private String endDetail;

    /** The Parley instance that owns the live session (its data grid member id): who can act on it. */
    @Column(name = "INSTANCE_ID", length = 64)
    private String instance;

    /** The media server the session's media is on, as the admin API shows it (no credentials). */
    @Column(name = "MEDIA_SERVER", length = 256)
    private String mediaServer;

    // The call's audio as the bridge counted it; null while live, for a session that never had
    // media, and for sessions stored before these columns existed (a table is extended, not redone).
    @Column(name = "CALLER_PACKETS_RECEIVED")
    private Long callerPacketsReceived;

    @Column(name = "CALLER_PACKETS_LOST")
    private Long callerPacketsLost;

    @Column(name = "CALLER_PACKETS_LATE")
    private Long callerPacketsLate;

    @Column(name = "CALLER_PACKETS_CONCEALED")
    private Long callerPacketsConcealed;

    @Column(name = "AGENT_PACKETS_SENT")
    private Long agentPacketsSent;

    @Column(name = "CALLER_MAX_JITTER_MS")
    private Double callerMaxJitterMillis;

    // The browser leg as the media server measured it at the end; null as above, and when not measured.
    @Column(name = "BROWSER_PACKETS_RECEIVED")
    private Long browserPacketsReceived;

    @Column(name = "BROWSER_PACKETS_LOST")
    private Long browserPacketsLost;

    @Column(name = "BROWSER_JITTER_MS")
    private Double browserJitterMillis;

    @Column(name = "BROWSER_ROUND_TRIP_MS")
    private Double browserRoundTripMillis;

    protected SessionRecord() {
    }

    SessionRecord(String id, Instant startedAt, ClientInfo client) {
        this(id, startedAt, client, null, null);
    }

    SessionRecord(String id, Instant startedAt, ClientInfo client, String instance, String mediaServer) {
        this.instance = Texts.clip(instance, 64);
        this.mediaServer = Texts.clip(mediaServer, 256);
        this.id = id;
        this.state = SessionState.LIVE;
        this.startedAt = InstantConverter.asStored(startedAt);
        this.clientAddress = Texts.clip(client.address(), 128);
        this.userAgent = Texts.clip(client.userAgent(), 512);
        this.origin = Texts.clip(client.origin(), 512);
    }

    void end(Instant at, String cause, String detail, CallAudio audio) {
        if (state == SessionState.ENDED) {
            return;
        }
        state = SessionState.ENDED;
        endedAt = InstantConverter.asStored(at);
        endCause = cause;
        endDetail = Texts.clip(detail, DETAIL_LENGTH);
        if (audio != null) {
            callerPacketsReceived = audio.callerPacketsReceived();
            callerPacketsLost = audio.callerPacketsLost();
            callerPacketsLate = audio.callerPacketsLate();
            callerPacketsConcealed = audio.callerPacketsConcealed();
            agentPacketsSent = audio.agentPacketsSent();
            callerMaxJitterMillis = audio.callerMaxJitterMillis();
            if (audio.browserLeg() != null) {
                browserPacketsReceived = audio.browserLeg().packetsReceived();
                browserPacketsLost = audio.browserLeg().packetsLost();
                browserJitterMillis = audio.browserLeg().jitterMillis();
                browserRoundTripMillis = audio.browserLeg().roundTripMillis();
            }
        }
    }

    /** The call's audio counts, or empty: live, never had media, or stored before they were kept. */
    public Optional<CallAudio> getCallAudio() {
        if (callerPacketsReceived == null) {
            return Optional.empty();
        }
        CallAudio.BrowserLeg browserLeg = browserPacketsReceived == null ? null
                : new CallAudio.BrowserLeg(browserPacketsReceived, orZero(browserPacketsLost),
                        browserJitterMillis == null ? 0 : browserJitterMillis, browserRoundTripMillis);
        return Optional.of(new CallAudio(callerPacketsReceived, orZero(callerPacketsLost), orZero(callerPacketsLate),
                orZero(callerPacketsConcealed), orZero(agentPacketsSent), callerMaxJitterMillis, browserLeg));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    public String getId() {
        return id;
    }

    public SessionState getState() {
        return state;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public ClientInfo getClient() {
        return new ClientInfo(clientAddress, userAgent, origin);
    }

    public String getEndCause() {
        return endCause;
    }

    public String getEndDetail() {
        return endDetail;
    }

    public String getInstance() {
        return instance;
    }

    public String getMediaServer() {
        return mediaServer;
    }
}
