package dev.parley.kms.session;

import com.google.gson.JsonObject;
import dev.parley.kms.core.EventPublisher;
import dev.parley.kms.core.MediaObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Event subscriptions. Like KMS, one handler exists per (session, object, event type): a second
 * subscribe only adds a subscription id, so each event reaches a session once, however many
 * listeners its client registered (the Java client fans out to its listeners itself).
 */
public final class Subscriptions implements EventPublisher {
    private record Handler(String sessionId, String objectId, String eventType) {
    }

    private record Topic(String objectId, String eventType) {
    }

    private final Map<Topic, Map<String, Set<String>>> sessionsByTopic = new HashMap<>();
    private final Map<String, Handler> handlersBySubscription = new HashMap<>();
    private final EventDelivery delivery;

    public Subscriptions(EventDelivery delivery) {
        this.delivery = delivery;
    }

    public synchronized String subscribe(String sessionId, String objectId, String eventType) {
        String subscriptionId = UUID.randomUUID().toString();
        sessionsByTopic.computeIfAbsent(new Topic(objectId, eventType), t -> new LinkedHashMap<>())
                .computeIfAbsent(sessionId, s -> new HashSet<>())
                .add(subscriptionId);
        handlersBySubscription.put(subscriptionId, new Handler(sessionId, objectId, eventType));
        return subscriptionId;
    }

    /** Unknown ids are ignored, as in KMS. */
    public synchronized void unsubscribe(String subscriptionId) {
        Handler handler = handlersBySubscription.remove(subscriptionId);
        if (handler == null) {
            return;
        }
        Topic topic = new Topic(handler.objectId(), handler.eventType());
        Map<String, Set<String>> sessions = sessionsByTopic.get(topic);
        if (sessions == null) {
            return;
        }
        Set<String> ids = sessions.get(handler.sessionId());
        if (ids != null) {
            ids.remove(subscriptionId);
            if (ids.isEmpty()) {
                sessions.remove(handler.sessionId());
            }
        }
        if (sessions.isEmpty()) {
            sessionsByTopic.remove(topic);
        }
    }

    public synchronized void dropSession(String sessionId) {
        handlersBySubscription.entrySet().removeIf(e -> e.getValue().sessionId().equals(sessionId));
        sessionsByTopic.values().forEach(sessions -> sessions.remove(sessionId));
        sessionsByTopic.values().removeIf(Map::isEmpty);
    }

    public synchronized void dropObject(String objectId) {
        handlersBySubscription.values().removeIf(h -> h.objectId().equals(objectId));
        sessionsByTopic.keySet().removeIf(t -> t.objectId().equals(objectId));
    }

    public synchronized int size() {
        return handlersBySubscription.size();
    }

    @Override
    public void publish(MediaObject source, String eventType, JsonObject fields) {
        List<String> sessions;
        synchronized (this) {
            Map<String, Set<String>> subscribed = sessionsByTopic.get(new Topic(source.id(), eventType));
            if (subscribed == null || subscribed.isEmpty()) {
                return;
            }
            sessions = List.copyOf(subscribed.keySet());
        }
        JsonObject notification = notification(source, eventType, fields);
        for (String sessionId : sessions) {
            delivery.deliver(sessionId, notification);
        }
    }

    private static JsonObject notification(MediaObject source, String eventType, JsonObject fields) {
        JsonObject data = new JsonObject();
        data.addProperty("source", source.id());
        data.add("tags", source.sendTagsInEvents() ? source.tagsJson() : new com.google.gson.JsonArray());
        data.addProperty("timestampMillis", Long.toString(System.currentTimeMillis()));
        data.addProperty("type", eventType);
        // An Error event's own "type" (the error kind) replaces the event name, as in KMS.
        fields.entrySet().forEach(e -> data.add(e.getKey(), e.getValue()));
        JsonObject value = new JsonObject();
        value.addProperty("object", source.id());
        value.addProperty("type", eventType);
        value.add("data", data);
        JsonObject params = new JsonObject();
        params.add("value", value);
        JsonObject notification = new JsonObject();
        notification.addProperty("jsonrpc", "2.0");
        notification.addProperty("method", "onEvent");
        notification.add("params", params);
        return notification;
    }
}
