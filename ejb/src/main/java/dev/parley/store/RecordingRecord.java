package dev.parley.store;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where a session's recording (WebM audio) lies; the bytes stay in the file. */
@Entity
@Table(name = "PARLEY_RECORDING")
public class RecordingRecord {

    @Id
    @Column(name = "SESSION_ID", length = 64)
    private String sessionId;

    @Column(name = "FILE_PATH", length = 1024, nullable = false)
    private String filePath;

    @Column(name = "MEDIA_TYPE", length = 64, nullable = false)
    private String mediaType;

    @Convert(converter = InstantConverter.class)
    @Column(name = "STARTED_AT", nullable = false, columnDefinition = InstantConverter.REQUIRED_COLUMN_TYPE)
    private Instant startedAt;

    protected RecordingRecord() {
    }

    RecordingRecord(String sessionId, String filePath, String mediaType, Instant startedAt) {
        this.sessionId = sessionId;
        this.filePath = filePath;
        this.mediaType = mediaType;
        this.startedAt = InstantConverter.asStored(startedAt);
    }

    public String getSessionId() {
        return sessionId;
    }

    public String getFilePath() {
        return filePath;
    }

    public String getMediaType() {
        return mediaType;
    }

    public Instant getStartedAt() {
        return startedAt;
    }
}
