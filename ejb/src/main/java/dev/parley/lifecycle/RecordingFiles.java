package dev.parley.lifecycle;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recording files Parley may remove: those directly inside the configured recording directory
 * ({@code parley.recording.directory}) on this host. A stored location anywhere else (another
 * directory, {@code ..} tricks, a symbolic link leading out, another URI scheme) is never touched,
 * so a tampered or stale row cannot make a deletion remove an arbitrary file.
 *
 * <p>A file being deleted is first renamed to {@code <name>}{@value #ASIDE_SUFFIX} in the same
 * directory (an atomic rename), so that it can be put back when the database refuses the deletion.
 */
public class RecordingFiles {

    static final String ASIDE_SUFFIX = ".deleting";
    private static final String PREFIX = "parley-";
    private static final String EXTENSION = ".webm";

    private final Path directory;

    /** @param directoryUri {@code parley.recording.directory}: a {@code file:///} URI; anything else disables file handling */
    public RecordingFiles(String directoryUri) {
        this.directory = directoryOf(directoryUri);
    }

    private static Path directoryOf(String uri) {
        if (uri == null || !uri.startsWith("file:///")) {
            return null;
        }
        try {
            return Path.of(URI.create(uri)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The configured directory, when it is a local path. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * The local file a stored recording location names, when it lies directly inside the recording
     * directory (after resolving symbolic links of the directory) and exists as a file; otherwise
     * why not, for the log.
     */
    public Located locate(String location) {
        if (directory == null) {
            return new Located(null, "the recording directory is not a local file:/// path");
        }
        Path file;
        try {
            file = (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return new Located(null, "its location is not a local file path");
        }
        if (file.getParent() == null || !file.getParent().equals(directory)) {
            return new Located(null, "it lies outside the recording directory " + directory);
        }
        try {
            if (!file.getParent().toRealPath().equals(directory.toRealPath())) {
                return new Located(null, "the recording directory resolves elsewhere");
            }
        } catch (IOException e) {
            return new Located(null, "the recording directory " + directory + " is not on this host (a remote media server keeps the file)");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Located(null, "it is not on this host (already gone, or kept by a remote media server)");
        }
        return new Located(file, null);
    }

    /** A located file, or why there is none. */
    public record Located(Path file, String whyNot) {
    }

    /** Renames {@code file} aside (atomically, same directory); the rename itself is the link's, never its target's. */
    public Path moveAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ASIDE_SUFFIX);
        move(file, aside);
        return aside;
    }

    /** Puts a file renamed aside back. */
    public void restore(Path aside, Path original) throws IOException {
        move(aside, original);
    }

    /** Removes a file; a file already gone counts as removed. */
    public void delete(Path file) throws IOException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            // already gone: what was asked for
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Files a crash left renamed aside ({@code parley-<id>.webm.deleting}), with their session ids. */
    public List<Named> asideFiles() throws IOException {
        return named(ASIDE_SUFFIX, null);
    }

    /** Recording files ({@code parley-<id>.webm}) last modified before {@code cutoff}, with their session ids. */
    public List<Named> recordingsModifiedBefore(Instant cutoff) throws IOException {
        return named("", cutoff);
    }

    /** A file of the recording directory and the session its name belongs to. */
    public record Named(Path file, String sessionId) {
    }

    private List<Named> named(String suffix, Instant modifiedBefore) throws IOException {
        List<Named> found = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return found;
        }
        String tail = EXTENSION + suffix;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + tail)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(PREFIX.length(), name.length() - tail.length());
                if (id.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (modifiedBefore == null
                        || Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(modifiedBefore)) {
                    found.add(new Named(file, id));
                }
            }
        }
        return found;
    }
}
