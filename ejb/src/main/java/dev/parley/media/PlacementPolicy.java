package dev.parley.media;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which media server a new session goes to. Pure logic over a snapshot of the pool:
 *
 * <ol>
 * <li>only usable servers (connected and passing their health checks);</li>
 * <li>those of the caller's zone first, when the caller named one and one of them is usable; the
 *     others after them (a zone is a preference, not a requirement);</li>
 * <li>the fewest live sessions (Parley's own count: every session costs a server about the same,
 *     and the count is exact and immediate, where the server's CPU figure lags and is sampled);</li>
 * <li>ties go to the server listed first.</li>
 * </ol>
 *
 * The result is every usable server in that order, so a caller can fall back to the next one if
 * the first fails as the session is built.
 */
public final class PlacementPolicy {

    /**
     * One server as the policy sees it.
     *
     * @param index        its position in {@code parley.media-server.urls}
     * @param zone         its zone label (lower case), or null
     * @param usable       connected and passing its health checks
     * @param liveSessions sessions whose media runs on it now
     */
    public record Candidate(int index, String zone, boolean usable, int liveSessions) {
    }

    private PlacementPolicy() {
    }

    /** The usable candidates, best first; empty when none is usable. */
    public static List<Candidate> order(List<Candidate> candidates, String callerZone) {
        String zone = callerZone == null || callerZone.isBlank() ? null : callerZone.strip().toLowerCase(java.util.Locale.ROOT);
        boolean zoneUsable = zone != null && candidates.stream().anyMatch(c -> c.usable() && zone.equals(c.zone()));
        Comparator<Candidate> best = Comparator.<Candidate>comparingInt(c -> zoneUsable && !zone.equals(c.zone()) ? 1 : 0)
                .thenComparingInt(Candidate::liveSessions)
                .thenComparingInt(Candidate::index);
        return candidates.stream().filter(Objects::nonNull).filter(Candidate::usable).sorted(best).toList();
    }
}
