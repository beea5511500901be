package dev.parley.kms.core;

import com.google.gson.JsonObject;

/** Sends an object's event to every session subscribed to that (object, event type). */
@FunctionalInterface
public interface EventPublisher {
    /** {@code fields} are the event's own fields; the publisher adds source, tags, timestampMillis and type. */
    void publish(MediaObject source, String eventType, JsonObject fields);
}
