package dev.parley.store;

import java.time.Instant;

/**
 * Which sessions to list: all filters optional (null), one page of them, newest first.
 *
 * @param state         only sessions in this state
 * @param startedFrom   only sessions started at or after this instant
 * @param startedBefore only sessions started before this instant
 * @param page          0-based page number
 * @param size          sessions per page (at least 1)
 */
public record SessionQuery(SessionState state, Instant startedFrom, Instant startedBefore, int page, int size) {

    public SessionQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be 1 or more, was " + size);
        }
    }
}
