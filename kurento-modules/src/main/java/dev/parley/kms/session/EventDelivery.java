package dev.parley.kms.session;

import com.google.gson.JsonObject;

/** Sends a notification to the connection a session is tied to, if any. */
@FunctionalInterface
public interface EventDelivery {
    void deliver(String sessionId, JsonObject notification);
}
