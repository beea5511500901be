package dev.parley.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The grid of an instance alone: its own memory; no member ever leaves. */
public final class LocalGrid implements Grid {

    private final String memberId = UUID.randomUUID().toString();
    private final Map<String, Map<String, String>> maps = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> topics = new ConcurrentHashMap<>();

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public Set<String> memberIds() {
        return Set.of(memberId);
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public Map<String, String> map(String name) {
        return maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public <T> T locked(String name, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        GridBusyException.acquire(name, lock::tryLock);
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void publish(String topic, String message) {
        for (Consumer<String> listener : topics.getOrDefault(topic, List.of())) {
            listener.accept(message);
        }
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        // alone: nobody can leave
    }

    @Override
    public void close() {
        topics.clear();
    }
}
