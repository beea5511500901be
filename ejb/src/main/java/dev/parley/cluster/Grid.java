package dev.parley.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where state shared by the instances of a cluster lives: maps, a lock, topics and the membership.
 * Only strings cross it, so no application class has to be deserialised on another member (the
 * data grid's class loader does not know them). Implemented by {@link HazelcastGrid} over Payara's
 * data grid and by {@link LocalGrid} for an instance alone.
 */
public interface Grid extends AutoCloseable {

    /** This instance's id among the members: new on every start. */
    String memberId();

    /** The ids of the members now in the cluster, this one included. */
    Set<String> memberIds();

    /** True when other instances can share this grid (false: this instance's memory only). */
    boolean clustered();

    /** The shared map {@code name}: string keys and values, changes seen by every member. */
    Map<String, String> map(String name);

    /** How long {@link #locked} waits for a lock another thread or member holds. */
    Duration LOCK_WAIT = Duration.ofSeconds(5);

    /**
     * Runs {@code action} holding the cluster-wide lock {@code name} (one member at a time).
     *
     * @throws GridBusyException when the lock was not had within {@link #LOCK_WAIT}
     */
    <T> T locked(String name, Supplier<T> action);

    /** Sends {@code message} to every member's subscribers of {@code topic}, this one's included. */
    void publish(String topic, String message);

    /** {@code listener} hears every message on {@code topic} until the grid closes, on a thread of the grid's. */
    void subscribe(String topic, Consumer<String> listener);

    /** {@code listener} hears the id of every member that leaves (shut down, crashed, cut off), on a thread of the grid's. */
    void onMemberLeft(Consumer<String> listener);

    /** Stops listening; the grid itself belongs to whoever started it (Payara). */
    @Override
    void close();
}
