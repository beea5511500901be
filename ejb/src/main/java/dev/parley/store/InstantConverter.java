package dev.parley.store;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Stores instants as SQL timestamps with their zone: the EclipseLink in Payara 6 would otherwise
 * serialise {@link Instant} into a binary column, which no time filter can compare. The database
 * side is an {@link OffsetDateTime} because H2 reads {@link #COLUMN_TYPE} as one, while EclipseLink
 * turns PostgreSQL's {@link java.sql.Timestamp} (and H2's from tables made before that type) into
 * one.
 */
@Converter
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    /**
     * The column type of every converted instant. EclipseLink binds timestamps in the JVM's zone;
     * a column without a zone keeps only that zone's wall clock, which repeats an hour when
     * daylight saving time ends (two instants, one value) and shifts when the server starts in
     * another zone. With the zone stored, PostgreSQL keeps the instant itself. Tables created
     * before this type keep theirs (columns are only ever added, never changed).
     */
    static final String COLUMN_TYPE = "TIMESTAMP WITH TIME ZONE";

    /** {@link #COLUMN_TYPE} for a required instant (a column definition replaces nullable = false). */
    static final String REQUIRED_COLUMN_TYPE = COLUMN_TYPE + " NOT NULL";

    /**
     * {@code instant} as the database keeps it (microseconds, like PostgreSQL and H2 timestamps):
     * entities hold this from the start, so an entity read from the persistence context and the
     * same row read back after a restart show the same time.
     */
    static Instant asStored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
