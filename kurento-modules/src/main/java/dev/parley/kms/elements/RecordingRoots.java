package dev.parley.kms.elements;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The directories RecorderEndpoints may write under. Real KMS writes wherever its user can; here a
 * client of the Kurento port could otherwise overwrite any file of the server's user or create
 * directories anywhere. A recording's file is judged by where the kernel would really put it: the
 * real path (symbolic links followed) of its nearest existing ancestor, plus the names still to be
 * created, which are then the path handed to the engine, so what was checked is what is written.
 */
public final class RecordingRoots {
    /** Parley's own default {@code parley.recording.directory}. */
    public static final String PARLEY_DEFAULT_DIRECTORY = "file:///var/lib/parley/recordings";
    private static final Logger LOG = System.getLogger(RecordingRoots.class.getName());

    private final List<Path> roots;

    private RecordingRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * @param setting             comma-separated {@code file://} URIs or absolute paths; blank means
     *                            {@code recorderDefaultPath} and {@value #PARLEY_DEFAULT_DIRECTORY}
     * @param recorderDefaultPath where relative recorder uris go
     * @throws IllegalArgumentException for a root that is not an absolute local path
     */
    public static RecordingRoots parse(String setting, String recorderDefaultPath) {
        List<String> entries = setting == null || setting.isBlank()
                ? List.of(recorderDefaultPath, PARLEY_DEFAULT_DIRECTORY)
                : List.of(setting.trim().split("\\s*,\\s*"));
        List<Path> roots = new ArrayList<>();
        for (String entry : entries) {
            roots.add(toPath(entry));
        }
        return new RecordingRoots(roots);
    }

    private static Path toPath(String entry) {
        Path path;
        try {
            path = entry.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(entry)) : Path.of(entry);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalArgumentException("setting 'recordingRoots': '" + entry + "' is not a file:// uri or a path: "
                    + e.getMessage());
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("setting 'recordingRoots': '" + entry + "' is not absolute");
        }
        return path.normalize();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The path to write for {@code file}, when it lies strictly under a root.
     *
     * @param file absolute and lexically normalised (no {@code ..} left)
     * @param uri  the uri as the client gave it, for the error message
     * @throws KurentoException 40107 MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, KMS's code for a constructor
     *                          parameter it refuses, when the file would land outside every root
     */
    public Path confine(Path file, String uri) {
        Path target = realLocation(file);
        if (target != null) {
            for (Path root : roots) {
                Path realRoot = realLocation(root);
                if (realRoot != null && target.startsWith(realRoot) && !target.equals(realRoot)) {
                    return target;
                }
            }
        }
        LOG.log(Level.WARNING, () -> printable("refused a RecorderEndpoint writing to " + (target == null ? file : target)
                + " (uri '" + uri + "'): not under a recording root " + roots));
        throw new KurentoException(ErrorCode.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, "recorder uri '" + uri
                + "' is outside the directories this media server records into (its recordingRoots setting)");
    }

    /** The uri is the client's text: one log line, no control characters. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Where {@code path} really is: the real path of its nearest existing ancestor (or itself),
     * plus the missing names. Null when that cannot be told, e.g. a dangling symbolic link, whose
     * target the file sink would create wherever it points.
     */
    static Path realLocation(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = normal;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            return null;
        }
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        return real;
    }
}
