package dev.parley.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the deletion needs from the session history, each call its own transaction (in the
 * container: {@link dev.parley.store.SessionStore}'s methods).
 */
public interface SessionRows {

    boolean exists(String sessionId);

    /** The stored location of the session's recording, if it has one. */
    Optional<String> recordingLocation(String sessionId);

    /** Deletes all of the session's rows in one transaction; false when there was none. */
    boolean delete(String sessionId);

    List<String> startedBefore(Instant cutoff, int limit);
}
