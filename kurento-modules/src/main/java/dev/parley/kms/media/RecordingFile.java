package dev.parley.kms.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a recorder writes. The engine writes Opus in WebM for both Kurento profiles it
 * supports; {@code WEBM} (audio and video) records the audio track alone, as no video is carried.
 *
 * @param file    absolute path of the file (parent directories are created on record)
 * @param profile the Kurento MediaProfileSpecType name, kept for logs and diagnostics
 */
public record RecordingFile(Path file, String profile) {
    public RecordingFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(profile, "profile");
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("recording file must be absolute: " + file);
        }
    }
}
