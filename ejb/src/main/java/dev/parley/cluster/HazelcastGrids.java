package dev.parley.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;

/** Kept apart so that no other class refers to a Hazelcast type: on a server without Hazelcast this one alone fails to load. */
final class HazelcastGrids {

    private HazelcastGrids() {
    }

    /** The grid over {@code found} when it is a running Hazelcast member. */
    static Optional<Grid> of(Object found) {
        if (found instanceof HazelcastInstance hazelcast && hazelcast.getLifecycleService().isRunning()) {
            return Optional.of(new HazelcastGrid(hazelcast));
        }
        return Optional.empty();
    }
}
