package dev.parley.kms.session;

import com.google.gson.JsonObject;
import dev.parley.kms.core.MediaObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionsTest {
    private final List<String> deliveredTo = new ArrayList<>();
    private final List<JsonObject> notifications = new ArrayList<>();
    private final Subscriptions subscriptions = new Subscriptions((session, notification) -> {
        deliveredTo.add(session);
        notifications.add(notification);
    });

    private static final class Source extends MediaObject {
        Source() {
            super("src_kurento.PassThrough", null, (source, type, fields) -> { });
        }

        @Override
        public String typeName() {
            return "PassThrough";
        }

        @Override
        public List<String> hierarchy() {
            return List.of();
        }
    }

    private final Source source = new Source();

    @Test
    void oneNotificationPerSessionHoweverManySubscriptions() {
        subscriptions.subscribe("a", source.id(), "ElementConnected");
        subscriptions.subscribe("a", source.id(), "ElementConnected");
        subscriptions.subscribe("b", source.id(), "ElementConnected");
        subscriptions.subscribe("c", source.id(), "ElementDisconnected");

        subscriptions.publish(source, "ElementConnected", new JsonObject());

        assertEquals(List.of("a", "b"), deliveredTo);
    }

    @Test
    void theLastUnsubscribeOfASessionStopsItsNotifications() {
        String first = subscriptions.subscribe("a", source.id(), "Error");
        String second = subscriptions.subscribe("a", source.id(), "Error");

        subscriptions.unsubscribe(first);
        subscriptions.publish(source, "Error", new JsonObject());
        subscriptions.unsubscribe(second);
        subscriptions.unsubscribe("unknown");
        subscriptions.publish(source, "Error", new JsonObject());

        assertEquals(List.of("a"), deliveredTo);
        assertEquals(0, subscriptions.size());
    }

    @Test
    void droppedSessionsAndReleasedObjectsLoseTheirSubscriptions() {
        subscriptions.subscribe("a", source.id(), "Error");
        subscriptions.subscribe("b", "other", "Error");

        subscriptions.dropSession("a");
        subscriptions.dropObject("other");

        assertEquals(0, subscriptions.size());
    }

    @Test
    void notificationHasKmsShapeAndAnErrorKeepsItsOwnType() {
        subscriptions.subscribe("a", source.id(), "Error");
        JsonObject fields = new JsonObject();
        fields.addProperty("description", "boom");
        fields.addProperty("errorCode", 6);
        fields.addProperty("type", "RESOURCE_ERROR_OPEN");

        subscriptions.publish(source, "Error", fields);

        JsonObject notification = notifications.get(0);
        assertEquals("onEvent", notification.get("method").getAsString());
        assertTrue(!notification.has("id"));
        JsonObject value = notification.getAsJsonObject("params").getAsJsonObject("value");
        assertEquals("Error", value.get("type").getAsString());
        JsonObject data = value.getAsJsonObject("data");
        assertEquals("RESOURCE_ERROR_OPEN", data.get("type").getAsString());
        assertEquals(source.id(), data.get("source").getAsString());
        assertTrue(data.get("timestampMillis").getAsJsonPrimitive().isString());
    }
}
