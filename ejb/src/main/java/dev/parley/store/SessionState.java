package dev.parley.store;

/** Whether a stored session is still running. */
public enum SessionState {
    LIVE,
    ENDED
}
