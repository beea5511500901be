package dev.parley.cluster;

/**
 * A cluster-wide lock was not had within {@link Grid#LOCK_WAIT}: another member (or a member that
 * died holding it, until its lease ends) keeps it. The caller refuses what it was doing with a
 * "try again" instead of holding its own thread, and a WebSocket's reader with it, for the lease.
 */
public final class GridBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GridBusyException(String lock, java.time.Duration waited) {
        super("the cluster lock '" + lock + "' was not free within " + waited.toMillis() + " ms");
    }
}
