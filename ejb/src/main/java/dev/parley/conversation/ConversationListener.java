package dev.parley.conversation;

/**
 * Receives a session's events on the session's lane, in order. Like an OkHttp EventListener it must
 * be quick and must not throw or block: forward to a queue or a WebSocket's async remote.
 */
@FunctionalInterface
public interface ConversationListener {
    void onEvent(ConversationEvent event);
}
