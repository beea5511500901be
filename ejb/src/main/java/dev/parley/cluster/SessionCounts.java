package dev.parley.cluster;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live sessions counted by key (the whole service, a widget token, a client address) across every
 * instance of the cluster, so that a limit holds however the load balancer spreads the callers.
 * Each slot taken is an entry of its own, named by the member that took it: when a member leaves,
 * its slots go with it, and the others put back theirs (the grid keeps no backup of an entry when
 * its members share one host, so a leaving member can take others' entries with it).
 */
public final class SessionCounts {

    static final String MAP = "parley-session-slots";
    private static final char SEPARATOR = '/';

    private final Grid grid;
    private final Map<String, String> slots;
    /** The slots this member took and still holds: slot name → counted key. */
    private final Map<String, String> mine = new ConcurrentHashMap<>();

    public SessionCounts(Grid grid) {
        this.grid = grid;
        this.slots = grid.map(MAP);
        grid.onMemberLeft(this::memberLeft);
    }

    /** Takes a slot under {@code key} unless {@code max} are already taken, cluster-wide; false when they are. */
    public boolean tryTake(String key, int max) {
        return grid.locked(MAP + SEPARATOR + key, () -> {
            if (count(key) >= max) {
                return false;
            }
            String slot = grid.memberId() + SEPARATOR + UUID.randomUUID();
            slots.put(slot, key);
            mine.put(slot, key);
            return true;
        });
    }

    /** Gives back one slot this member took under {@code key}; nothing when it holds none. */
    public void give(String key) {
        for (Map.Entry<String, String> slot : mine.entrySet()) {
            if (slot.getValue().equals(key) && mine.remove(slot.getKey(), key)) {
                slots.remove(slot.getKey());
                return;
            }
        }
    }

    /**
     * Gives back every slot this member's counts still hold: the application stops. On Payara
     * Server the data grid outlives a redeploy (the member stays, so no "member left" frees them),
     * and a slot whose session never gave it back would count against the limits until the server
     * restarts. Later gives find nothing to give.
     */
    public void giveAll() {
        for (String slot : List.copyOf(mine.keySet())) {
            if (mine.remove(slot) != null) {
                slots.remove(slot);
            }
        }
    }

    /** Slots taken under {@code key}, cluster-wide. */
    public int count(String key) {
        int n = 0;
        for (String counted : slots.values()) {
            if (counted.equals(key)) {
                n++;
            }
        }
        return n;
    }

    /** Slots taken under {@code key} by this member. */
    public int countMine(String key) {
        return (int) mine.values().stream().filter(key::equals).count();
    }

    private void memberLeft(String member) {
        String prefix = member + SEPARATOR;
        for (String slot : slots.keySet()) {
            if (slot.startsWith(prefix)) {
                slots.remove(slot);
            }
        }
        slots.putAll(mine);
    }
}
