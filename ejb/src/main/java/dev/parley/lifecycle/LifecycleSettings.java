package dev.parley.lifecycle;

import dev.parley.media.MediaSettingsReader;
import dev.parley.media.RecordingSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The data lifecycle's settings.
 *
 * @param retention          {@value #RETENTION_DAYS}: sessions started longer ago are deleted with their recordings;
 *                           zero (the default) keeps everything
 * @param pruneInterval      {@value #PRUNE_INTERVAL}: how often retention runs (default 60 minutes)
 * @param recordingEnabled   {@code parley.recording.enabled}
 * @param recordingDirectory {@code parley.recording.directory}
 * @param recordingNotice    {@value #RECORDING_NOTICE}: what callers are told when recording is on
 */
public record LifecycleSettings(Duration retention, Duration pruneInterval, boolean recordingEnabled, String recordingDirectory,
                                String recordingNotice) {

    public static final String RETENTION_DAYS = "parley.retention.days";
    public static final String PRUNE_INTERVAL = "parley.retention.interval-minutes";
    public static final String RECORDING_NOTICE = "parley.recording.notice";
    public static final String DEFAULT_NOTICE = "This call is recorded.";
    static final int MAX_NOTICE_LENGTH = 500;

    public LifecycleSettings {
        if (retention.isNegative()) {
            throw new IllegalArgumentException(RETENTION_DAYS + " must be 0 (keep everything) or more, got " + retention.toDays());
        }
        if (pruneInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(PRUNE_INTERVAL + " must be at least 1, got " + pruneInterval.toMinutes());
        }
        if (recordingNotice.length() > MAX_NOTICE_LENGTH) {
            throw new IllegalArgumentException(RECORDING_NOTICE + " must be at most " + MAX_NOTICE_LENGTH + " characters, got "
                    + recordingNotice.length());
        }
    }

    /** Reads the settings through {@code lookup} (a Config's getOptionalValue as String), with the documented defaults. */
    public static LifecycleSettings from(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> value = key -> lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        boolean recording = value.apply(MediaSettingsReader.RECORDING_ENABLED).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(MediaSettingsReader.RECORDING_ENABLED + " must be true or false, got '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(false);
        return new LifecycleSettings(Duration.ofDays(number(RETENTION_DAYS, value.apply(RETENTION_DAYS), 0)),
                Duration.ofMinutes(number(PRUNE_INTERVAL, value.apply(PRUNE_INTERVAL), 60)), recording,
                value.apply(MediaSettingsReader.RECORDING_DIRECTORY).orElse(RecordingSettings.disabled().directoryUri()),
                // A blank notice falls back to the default: while recording, callers are always told.
                value.apply(RECORDING_NOTICE).orElse(DEFAULT_NOTICE));
    }

    /** The notice callers get before their first turn; empty when sessions are not recorded. */
    public Optional<String> notice() {
        return recordingEnabled ? Optional.of(recordingNotice) : Optional.empty();
    }

    public boolean retains() {
        return !retention.isZero();
    }

    private static long number(String key, Optional<String> value, long fallback) {
        return value.map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'", e);
            }
        }).orElse(fallback);
    }
}
