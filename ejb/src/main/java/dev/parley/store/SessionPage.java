package dev.parley.store;

import java.util.List;

/** One page of stored sessions and how many match in all. */
public record SessionPage(List<SessionRecord> sessions, long total) {
}
