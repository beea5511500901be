package dev.parley.session;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A session's conversation events, kept for assertions; {@link #await} polls until one matches. */
final class EventLog implements ConversationListener {

    private final List<ConversationEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ConversationEvent event) {
        events.add(event);
    }

    List<ConversationEvent> all() {
        return List.copyOf(events);
    }

    <T extends ConversationEvent> Optional<T> await(Class<T> type, Predicate<T> matching, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            for (ConversationEvent e : events) {
                if (type.isInstance(e) && matching.test(type.cast(e))) {
                    return Optional.of(type.cast(e));
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(20);
        }
    }
}
