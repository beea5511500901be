package dev.parley.web.signalling;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Finds the handler of a client message by its record type. */
final class MessageRouter {

    private final Map<Class<? extends ClientMessage>, Function<ClientMessage, ServerMessage>> handlers = new HashMap<>();

    <M extends ClientMessage> MessageRouter on(Class<M> type, Function<M, ServerMessage> handler) {
        handlers.put(type, message -> handler.apply(type.cast(message)));
        return this;
    }

    ServerMessage route(ClientMessage message) {
        Function<ClientMessage, ServerMessage> handler = handlers.get(message.getClass());
        if (handler == null) {
            throw new IllegalStateException("MessageRouter has no handler for " + message.getClass().getSimpleName());
        }
        return handler.apply(message);
    }
}
