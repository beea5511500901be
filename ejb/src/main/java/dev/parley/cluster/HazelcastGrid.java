package dev.parley.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The grid over a running Hazelcast member (Payara's, looked up at JNDI {@code payara/Hazelcast}).
 * Its locks are leased: a member that dies holding one cannot block the others for long.
 */
public final class HazelcastGrid implements Grid {

    private static final String LOCKS = "parley-locks";
    private static final long LOCK_LEASE_SECONDS = 30;

    private final HazelcastInstance hazelcast;
    private final List<Runnable> unsubscribes = new ArrayList<>();

    public HazelcastGrid(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public String memberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    @Override
    public Set<String> memberIds() {
        return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public Map<String, String> map(String name) {
        return hazelcast.getMap(name);
    }

    @Override
    public <T> T locked(String name, Supplier<T> action) {
        IMap<String, String> locks = hazelcast.getMap(LOCKS);
        GridBusyException.acquire(name, (time, unit) -> locks.tryLock(name, time, unit, LOCK_LEASE_SECONDS, TimeUnit.SECONDS));
        try {
            return action.get();
        } finally {
            locks.unlock(name);
        }
    }

    @Override
    public void publish(String topic, String message) {
        hazelcast.<String>getTopic(topic).publish(message);
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        ITopic<String> t = hazelcast.getTopic(topic);
        UUID id = t.addMessageListener(message -> listener.accept(message.getMessageObject()));
        synchronized (unsubscribes) {
            unsubscribes.add(() -> t.removeMessageListener(id));
        }
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a newcomer owns nothing yet
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                Member gone = event.getMember();
                listener.accept(gone.getUuid().toString());
            }
        });
        synchronized (unsubscribes) {
            unsubscribes.add(() -> hazelcast.getCluster().removeMembershipListener(id));
        }
    }

    @Override
    public void close() {
        List<Runnable> all;
        synchronized (unsubscribes) {
            all = List.copyOf(unsubscribes);
            unsubscribes.clear();
        }
        for (Runnable unsubscribe : all) {
            try {
                unsubscribe.run();
            } catch (RuntimeException e) {
                // the member is shutting down with the application: nothing left to unsubscribe from
            }
        }
    }
}
