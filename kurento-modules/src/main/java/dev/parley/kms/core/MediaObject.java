package dev.parley.kms.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.ComplexType;
import dev.parley.kms.protocol.KurentoException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kurento's MediaObject: id, name, tags, parent and children, and the {@code Error} event.
 * Each subclass adds its methods in {@link #defineOperations} and its events in
 * {@link #defineEvents}, always calling {@code super} first, as the kmd inheritance does.
 */
public abstract class MediaObject {
    private final String id;
    private final MediaObject parent;
    private final EventPublisher events;
    private final int creationTime;
    private final List<MediaObject> children = new CopyOnWriteArrayList<>();
    private final Map<String, String> tags = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile String name;
    private volatile boolean sendTagsInEvents;
    private Operations operations;
    private Set<String> eventTypes;

    /** {@code id} is {@link #newId} for ordinary objects, or a fixed id such as {@code manager_ServerManager}. */
    protected MediaObject(String id, MediaObject parent, EventPublisher events) {
        this.id = id;
        this.parent = parent;
        this.events = events;
        this.name = id;
        this.creationTime = (int) (System.currentTimeMillis() / 1000);
    }

    /** {@code <uuid>_kurento.<Type>}, below the parent's id with {@code /}: the client derives the proxy class from the suffix. */
    protected static String newId(String typeName, MediaObject parent) {
        String own = UUID.randomUUID() + "_kurento." + typeName;
        return parent == null ? own : parent.id() + "/" + own;
    }

    /** The simple kmd class name, e.g. "WebRtcEndpoint". */
    public abstract String typeName();

    /** Ancestors as qualified names, nearest first, as {@code describe} reports them. */
    public abstract List<String> hierarchy();

    public final String id() {
        return id;
    }

    public final MediaObject parent() {
        return parent;
    }

    /** The pipeline this object lives in; a pipeline returns itself. */
    public MediaPipeline pipeline() {
        return parent == null ? null : parent.pipeline();
    }

    public final List<MediaObject> children() {
        return List.copyOf(children);
    }

    final void addChild(MediaObject child) {
        children.add(child);
    }

    final void removeChild(MediaObject child) {
        children.remove(child);
    }

    public final boolean isReleased() {
        return released.get();
    }

    /** Marks the object released; true only for the first call. */
    final boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    /** Frees what this object holds (media, connections). Called once, children first. */
    protected void onRelease() {
    }

    public final boolean sendTagsInEvents() {
        return sendTagsInEvents;
    }

    public final JsonArray tagsJson() {
        JsonArray array = new JsonArray();
        synchronized (tags) {
            tags.forEach((k, v) -> array.add(ComplexType.of("Tag").with("key", k).with("value", v).json()));
        }
        return array;
    }

    protected final void emit(String eventType, JsonObject fields) {
        events.publish(this, eventType, fields);
    }

    protected final void emit(String eventType) {
        emit(eventType, new JsonObject());
    }

    /** Reports an asynchronous failure as Kurento's {@code Error} event. */
    public final void emitError(String errorType, int errorCode, String description) {
        JsonObject fields = new JsonObject();
        fields.addProperty("description", description);
        fields.addProperty("errorCode", errorCode);
        fields.addProperty("type", errorType);
        emit("Error", fields);
    }

    public final synchronized Operation operation(String name) {
        if (operations == null) {
            operations = new Operations();
            defineOperations(operations);
        }
        return operations.find(name);
    }

    public final synchronized boolean supportsEvent(String eventType) {
        if (eventTypes == null) {
            Set<String> all = new java.util.HashSet<>();
            defineEvents(all);
            eventTypes = all;
        }
        return eventTypes.contains(eventType);
    }

    protected void defineEvents(Set<String> events) {
        events.add("Error");
    }

    protected void defineOperations(Operations ops) {
        ops.getter("id", this::id);
        ops.stringProperty("name", () -> name, v -> name = v);
        ops.boolProperty("sendTagsInEvents", () -> sendTagsInEvents, v -> sendTagsInEvents = v);
        ops.intGetter("creationTime", () -> creationTime);
        ops.on("getParent", call -> parent == null ? com.google.gson.JsonNull.INSTANCE : new JsonPrimitive(parent.id()));
        ops.on("getMediaPipeline", call -> Operations.string(pipeline() == null ? null : pipeline().id()));
        ops.on("getChildren", call -> ids(children()));
        ops.on("getChilds", call -> ids(children()));
        ops.onVoid("addTag", call -> tags.put(call.params().requiredString("key"), call.params().requiredString("value")));
        ops.onVoid("removeTag", call -> tags.remove(call.params().requiredString("key")));
        ops.on("getTag", call -> {
            String value = tags.get(call.params().requiredString("key"));
            if (value == null) {
                throw new KurentoException(ErrorCode.MEDIA_OBJECT_TAG_KEY_NOT_FOUND, "Tag key not found");
            }
            return new JsonPrimitive(value);
        });
        ops.on("getTags", call -> tagsJson());
    }

    protected static JsonElement ids(List<? extends MediaObject> objects) {
        JsonArray array = new JsonArray();
        for (MediaObject o : new ArrayList<>(objects)) {
            array.add(o.id());
        }
        return array;
    }

    @Override
    public String toString() {
        return id;
    }
}
