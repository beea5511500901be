package dev.parley.session;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.ConversationListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Passes a session's conversation events to the signalling layer's listener and then to each
 * observer's; one listener that throws is logged and does not keep the event from the others.
 */
final class ConversationFanOut implements ConversationListener {

    private static final System.Logger LOG = System.getLogger(ConversationFanOut.class.getName());

    private final String sessionId;
    private final List<ConversationListener> listeners = new CopyOnWriteArrayList<>();

    ConversationFanOut(String sessionId, ConversationListener first) {
        this.sessionId = sessionId;
        listeners.add(first);
    }

    void add(ConversationListener listener) {
        if (listener != null) {
            listeners.add(listener);
        }
    }

    @Override
    public void onEvent(ConversationEvent event) {
        for (ConversationListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a conversation listener of session " + sessionId + " threw", e);
            }
        }
    }
}
