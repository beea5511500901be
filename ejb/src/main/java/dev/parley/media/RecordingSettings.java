package dev.parley.media;

import java.util.Objects;

/**
 * Whether sessions are recorded and where the media server writes the files.
 *
 * @param enabled      {@code parley.recording.enabled}: mix both voices into one WebM (Opus) file per session
 * @param directoryUri {@code parley.recording.directory}: a {@code file://} URI on the media server's host
 */
public record RecordingSettings(boolean enabled, String directoryUri) {

    public RecordingSettings {
        Objects.requireNonNull(directoryUri, "directoryUri");
        if (enabled && !directoryUri.startsWith("file:///")) {
            throw new IllegalArgumentException(MediaSettingsReader.RECORDING_DIRECTORY
                    + " must be an absolute file:/// URI on the media server's host, got '" + directoryUri + "'");
        }
    }

    public static RecordingSettings disabled() {
        return new RecordingSettings(false, "file:///var/lib/parley/recordings");
    }

    /** Where the recording of {@code sessionId} goes. */
    public String fileUri(String sessionId) {
        String dir = directoryUri.endsWith("/") ? directoryUri : directoryUri + "/";
        return dir + "parley-" + sessionId + ".webm";
    }
}
