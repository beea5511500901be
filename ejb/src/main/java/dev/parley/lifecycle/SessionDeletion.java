package dev.parley.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Deletes sessions (rows and recording file) so that a failure at any step leaves the session
 * whole or gone, never half-deleted:
 *
 * <ol>
 *   <li>the recording file is renamed aside ({@code .deleting}); when that fails nothing is deleted;</li>
 *   <li>the rows go in one transaction; when it fails the file is renamed back;</li>
 *   <li>the file renamed aside is removed; when that fails (or the process dies before) it is an
 *       orphan of a deleted session, which the next {@link #recover()} removes.</li>
 * </ol>
 *
 * A process that dies between 1 and 2 leaves rows with their file renamed aside; {@link #recover()}
 * (at startup and before each prune) renames it back. Deletions, pruning and recovery run one at
 * a time (one lock), so recovery never sees a deletion in progress. Every deletion is logged with
 * the session id.
 */
public class SessionDeletion {

    private static final System.Logger LOG = System.getLogger(SessionDeletion.class.getName());
    static final int PRUNE_BATCH = 100;

    /** What {@link #delete} did. */
    public enum Outcome { DELETED, NOT_FOUND, LIVE }

    /** A deletion that failed and was undone: the session is whole. */
    public static final class Failed extends RuntimeException {

        private static final long serialVersionUID = 1L;
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SessionRows rows;
    private final RecordingFiles files;
    private final Predicate<String> live;
    private final Runnable awaitPendingWrites;
    private final Object lock = new Object();

    /**
     * @param live               whether a session is live (in the registry): live ones are never deleted
     * @param awaitPendingWrites waits until the history writes made so far are stored, so that the
     *                           end of a session that just ended cannot be written after its deletion
     */
    public SessionDeletion(SessionRows rows, RecordingFiles files, Predicate<String> live, Runnable awaitPendingWrites) {
        this.rows = rows;
        this.files = files;
        this.live = live;
        this.awaitPendingWrites = awaitPendingWrites;
    }

    /**
     * Deletes session {@code id}'s rows and recording file.
     *
     * @throws Failed when a step failed and was undone (the session is whole)
     */
    public Outcome delete(String id, String why) {
        synchronized (lock) {
            if (live.test(id)) {
                return Outcome.LIVE;
            }
            awaitPendingWrites.run();
            if (!rows.exists(id)) {
                return Outcome.NOT_FOUND;
            }
            return deleteExisting(id, why);
        }
    }

    private Outcome deleteExisting(String id, String why) {
        Path file = null;
        String kept = null;
        String location = rows.recordingLocation(id).orElse(null);
        if (location != null) {
            RecordingFiles.Located located = files.locate(location);
            file = located.file();
            kept = located.whyNot();
        }
        Path aside = null;
        if (file != null) {
            try {
                aside = files.moveAside(file);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "deleting session {0} ({1}) failed: its recording {2} cannot be moved ({3}); nothing was deleted",
                        id, why, file, e.toString());
                throw new Failed("the recording of session " + id + " cannot be removed (" + e + "); nothing was deleted", e);
            }
        }
        boolean deleted;
        try {
            deleted = rows.delete(id);
        } catch (RuntimeException e) {
            putBack(id, aside, file);
            LOG.log(System.Logger.Level.ERROR, "deleting session " + id + " (" + why + ") failed in the database; nothing was deleted", e);
            throw new Failed("the database refused to delete session " + id + "; nothing was deleted", e);
        }
        if (!deleted) {
            putBack(id, aside, file); // deleted meanwhile by other means: its file was not ours to take
            return Outcome.NOT_FOUND;
        }
        if (aside != null) {
            try {
                files.delete(aside);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "session {0} is deleted but its recording {1} could not be removed ({2}); "
                        + "the next prune removes it", id, aside, e.toString());
                return Outcome.DELETED;
            }
        }
        if (location == null) {
            LOG.log(System.Logger.Level.INFO, "deleted session {0} ({1}); it had no recording", id, why);
        } else if (file != null) {
            LOG.log(System.Logger.Level.INFO, "deleted session {0} ({1}) and its recording {2}", id, why, file);
        } else {
            LOG.log(System.Logger.Level.WARNING, "deleted session {0} ({1}); its recording {2} was not removed: {3}", id, why, location, kept);
        }
        return Outcome.DELETED;
    }

    private void putBack(String id, Path aside, Path file) {
        if (aside == null) {
            return;
        }
        try {
            files.restore(aside, file);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the recording of session {0} stays at {1} ({2}); the next recovery puts it back",
                    id, aside, e.toString());
        }
    }

    /**
     * Finishes what a crash or a failed file removal left: a file renamed aside is renamed back
     * when its session's rows exist, and removed when they do not.
     *
     * @return how many files were removed
     */
    public int recover() {
        synchronized (lock) {
            int removed = 0;
            List<RecordingFiles.Named> aside;
            try {
                aside = files.asideFiles();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "the recording directory cannot be listed: {0}", e.toString());
                return 0;
            }
            for (RecordingFiles.Named named : aside) {
                Path original = named.file().resolveSibling(named.file().getFileName().toString()
                        .substring(0, named.file().getFileName().toString().length() - RecordingFiles.ASIDE_SUFFIX.length()));
                try {
                    if (rows.exists(named.sessionId()) && !Files.exists(original)) {
                        files.restore(named.file(), original);
                        LOG.log(System.Logger.Level.INFO, "put back the recording {0} of session {1}, whose deletion did not finish",
                                original, named.sessionId());
                    } else {
                        files.delete(named.file());
                        removed++;
                        LOG.log(System.Logger.Level.INFO, "removed the recording {0} left behind by the deletion of session {1}",
                                named.file(), named.sessionId());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "the leftover recording {0} of session {1} stays ({2}); the next prune tries again",
                            named.file(), named.sessionId(), e.toString());
                }
            }
            return removed;
        }
    }

    /**
     * Deletes every session started before {@code cutoff} that is not live, with its recording,
     * then the recording files older than {@code cutoff} that belong to no session.
     *
     * @return how many sessions were deleted
     */
    public int prune(Instant cutoff) {
        recover();
        int deleted = 0;
        Set<String> skipped = new HashSet<>();
        while (true) {
            List<String> ids = rows.startedBefore(cutoff, PRUNE_BATCH + skipped.size());
            List<String> candidates = ids.stream().filter(id -> !skipped.contains(id)).toList();
            if (candidates.isEmpty()) {
                break;
            }
            for (String id : candidates) {
                try {
                    if (delete(id, "retention: started before " + cutoff) == Outcome.DELETED) {
                        deleted++;
                    } else {
                        skipped.add(id);
                    }
                } catch (Failed e) {
                    skipped.add(id); // logged; whole, and tried again at the next prune
                }
            }
        }
        removeOrphans(cutoff);
        LOG.log(System.Logger.Level.INFO, "retention: deleted {0} sessions started before {1}{2}", deleted, cutoff,
                skipped.isEmpty() ? "" : "; kept for now (live, or failed and logged above): " + skipped);
        return deleted;
    }

    private void removeOrphans(Instant cutoff) {
        synchronized (lock) {
            List<RecordingFiles.Named> old;
            try {
                old = files.recordingsModifiedBefore(cutoff);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "the recording directory cannot be listed: {0}", e.toString());
                return;
            }
            for (RecordingFiles.Named named : old) {
                if (live.test(named.sessionId()) || rows.exists(named.sessionId())) {
                    continue;
                }
                try {
                    files.delete(named.file());
                    LOG.log(System.Logger.Level.INFO, "retention: removed the recording {0}, which belongs to no stored session", named.file());
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "retention: the orphan recording {0} stays ({1})", named.file(), e.toString());
                }
            }
        }
    }
}
