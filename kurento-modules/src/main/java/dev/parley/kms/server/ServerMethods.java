package dev.parley.kms.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaObject;
import dev.parley.kms.core.MediaSet;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.ObjectFactories;
import dev.parley.kms.core.Operation;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.JsonRpcHandler;
import dev.parley.kms.protocol.KurentoException;
import dev.parley.kms.protocol.Params;
import dev.parley.kms.protocol.RpcConnection;
import dev.parley.kms.session.Subscriptions;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Kurento protocol's top-level methods (KMS ServerMethods.cpp), registered by name on a
 * {@link JsonRpcHandler}. Every object method takes the session from {@code params.sessionId}
 * or starts a new one, and returns it in its result.
 */
public final class ServerMethods {
    private final MediaSet mediaSet;
    private final Subscriptions subscriptions;
    private final ObjectFactories factories;
    private final ObjectContext objectContext;
    private final String serverId = UUID.randomUUID().toString();
    private final Supplier<JsonObject> diagnostics;

    public ServerMethods(MediaSet mediaSet, Subscriptions subscriptions, ObjectFactories factories,
                         ObjectContext objectContext, Supplier<JsonObject> diagnostics) {
        this.mediaSet = mediaSet;
        this.subscriptions = subscriptions;
        this.factories = factories;
        this.objectContext = objectContext;
        this.diagnostics = diagnostics;
    }

    public void registerOn(JsonRpcHandler handler) {
        handler.register("ping", this::ping)
                .register("connect", this::connect)
                .registerWithParams("create", this::create)
                .registerWithParams("invoke", this::invoke)
                .registerWithParams("subscribe", this::subscribe)
                .registerWithParams("unsubscribe", this::unsubscribe)
                .registerWithParams("release", this::release)
                .registerWithParams("describe", this::describe)
                .registerWithParams("ref", this::ref)
                .registerWithParams("unref", this::unref)
                .register("keepAlive", this::keepAlive)
                .register("closeSession", this::closeSession)
                .registerWithParams("transaction", (params, connection) -> transaction(params, connection, handler))
                // Not a Kurento method: the server's own counts, for tests and operators (docs/media-server.md).
                .registerUncached("parley.diagnostics", (params, connection) -> diagnostics.get());
    }

    private JsonElement ping(JsonObject params, RpcConnection connection) {
        JsonObject result = new JsonObject();
        result.addProperty("value", "pong");
        String sessionId = optionalSessionId(params);
        if (sessionId != null) {
            result.addProperty("sessionId", sessionId);
        }
        return result;
    }

    private JsonElement connect(JsonObject params, RpcConnection connection) {
        String sessionId = optionalSessionId(params);
        if (sessionId == null) {
            sessionId = UUID.randomUUID().toString();
        } else if (!mediaSet.keepAlive(sessionId)) {
            throw new KurentoException(ErrorCode.INVALID_SESSION, "Invalid session");
        }
        JsonObject result = new JsonObject();
        result.addProperty("serverId", serverId);
        result.addProperty("sessionId", sessionId);
        return result;
    }

    private JsonElement create(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        String type = requiredString(params, "type");
        // KMS hands params["constructorParams"] to the factory as it is: absent or null is an
        // empty map, and only a constructor's own required parameters can be missing.
        JsonElement constructorParams = params.get("constructorParams");
        if (constructorParams != null && !constructorParams.isJsonNull() && !constructorParams.isJsonObject()) {
            throw Params.marshall("'constructorParams' should be a map");
        }
        Call call = new Call(new Params(constructorParams == null || constructorParams.isJsonNull()
                ? null : constructorParams.getAsJsonObject()), sessionId, mediaSet);
        MediaObject object = factories.find(type).create(call, objectContext);
        mediaSet.register(object, sessionId);
        return value(new JsonPrimitive(object.id()), sessionId);
    }

    private JsonElement invoke(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        MediaObject object = mediaSet.lookup(sessionId, requiredString(params, "object"));
        String operationName = requiredString(params, "operation");
        JsonElement rawParams = params.get("operationParams");
        if (rawParams != null && !rawParams.isJsonNull() && !rawParams.isJsonObject()) {
            throw Params.marshall("'operationParams' parameter should be a map");
        }
        Params operationParams = new Params(rawParams == null || rawParams.isJsonNull() ? null : rawParams.getAsJsonObject());
        Operation operation = object.operation(operationName);
        if (operation == null) {
            throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION, "Method '" + operationName + "' with "
                    + operationParams.size() + " parameters not found");
        }
        JsonElement result = operation.apply(new Call(operationParams, sessionId, mediaSet));
        return value(result, sessionId);
    }

    private JsonElement subscribe(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        MediaObject object = mediaSet.lookup(sessionId, requiredString(params, "object"));
        String type = requiredString(params, "type");
        if (!object.supportsEvent(type)) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_EVENT_NOT_SUPPORTED, "Event '" + type + "' not supported");
        }
        return value(new JsonPrimitive(subscriptions.subscribe(sessionId, object.id(), type)), sessionId);
    }

    private JsonElement unsubscribe(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        subscriptions.unsubscribe(requiredString(params, "subscription"));
        return sessionOnly(sessionId);
    }

    private JsonElement release(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        mediaSet.release(requiredString(params, "object"));
        return sessionOnly(sessionId);
    }

    private JsonElement describe(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        MediaObject object = mediaSet.lookup(sessionId, requiredString(params, "object"));
        JsonObject result = new JsonObject();
        result.addProperty("type", object.typeName());
        result.addProperty("qualifiedType", "kurento." + object.typeName());
        JsonArray hierarchy = new JsonArray();
        object.hierarchy().forEach(hierarchy::add);
        result.add("hierarchy", hierarchy);
        result.addProperty("sessionId", sessionId);
        return result;
    }

    private JsonElement ref(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        mediaSet.lookup(sessionId, requiredString(params, "object"));
        return sessionOnly(sessionId);
    }

    private JsonElement unref(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        mediaSet.unref(sessionId, requiredString(params, "object"));
        return sessionOnly(sessionId);
    }

    private JsonElement keepAlive(JsonObject params, RpcConnection connection) {
        String sessionId = sessionIdOrNew(params);
        if (!mediaSet.keepAlive(sessionId)) {
            throw new KurentoException(ErrorCode.INVALID_SESSION, "Invalid session");
        }
        return sessionOnly(sessionId);
    }

    private JsonElement closeSession(JsonObject params, RpcConnection connection) {
        String sessionId = optionalSessionId(params);
        if (sessionId != null) {
            mediaSet.unrefSession(sessionId);
        }
        return JsonNull.INSTANCE;
    }

    private JsonElement transaction(JsonObject params, RpcConnection connection, JsonRpcHandler handler) {
        String sessionId = sessionIdOrNew(params);
        JsonElement operations = params.get("operations");
        if (operations == null || !operations.isJsonArray()) {
            throw Params.marshall("'operations' parameter should be a list");
        }
        JsonArray responses = new JsonArray();
        JsonArray list = operations.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            JsonObject op = list.get(i).isJsonObject() ? list.get(i).getAsJsonObject() : null;
            JsonElement id = op == null ? null : op.get("id");
            if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber() || id.getAsInt() != i) {
                throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION,
                        "Id of request '" + (id == null ? "null" : id.toString()) + "' should be '" + i + "'");
            }
            if (!op.has("method") || !op.get("method").isJsonPrimitive()) {
                throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION, "Operation " + i + " has no method");
            }
            JsonObject request = op.deepCopy();
            JsonObject opParams = request.has("params") && request.get("params").isJsonObject()
                    ? request.getAsJsonObject("params") : new JsonObject();
            opParams = (JsonObject) injectRefs(opParams, responses);
            opParams.addProperty("sessionId", sessionId);
            request.add("params", opParams);
            JsonObject response = handler.execute(request, connection, false);
            responses.add(response);
            if (response.has("error")) {
                break;
            }
        }
        return value(responses, sessionId);
    }

    /** Replaces every string {@code "newref:N"} with the value returned by operation N. */
    private static JsonElement injectRefs(JsonElement element, JsonArray responses) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
                && element.getAsString().startsWith("newref:")) {
            String text = element.getAsString();
            int index;
            try {
                index = Integer.parseInt(text.substring("newref:".length()));
            } catch (NumberFormatException e) {
                throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION, "Invalid reference '" + text + "'");
            }
            if (index < 0 || index >= responses.size()) {
                throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION, "Reference '" + text + "' to an operation not yet run");
            }
            JsonObject referenced = responses.get(index).getAsJsonObject();
            JsonElement result = referenced.get("result");
            if (result == null || !result.isJsonObject() || !result.getAsJsonObject().has("value")) {
                throw new KurentoException(ErrorCode.MALFORMED_TRANSACTION, "Reference '" + text + "' has no value");
            }
            return result.getAsJsonObject().get("value");
        }
        if (element.isJsonObject()) {
            JsonObject copy = new JsonObject();
            for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
                copy.add(e.getKey(), injectRefs(e.getValue(), responses));
            }
            return copy;
        }
        if (element.isJsonArray()) {
            JsonArray copy = new JsonArray();
            element.getAsJsonArray().forEach(e -> copy.add(injectRefs(e, responses)));
            return copy;
        }
        return element;
    }

    private static String optionalSessionId(JsonObject params) {
        JsonElement e = params.get("sessionId");
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static String sessionIdOrNew(JsonObject params) {
        String sessionId = optionalSessionId(params);
        return sessionId != null ? sessionId : UUID.randomUUID().toString();
    }

    /** KMS's checkParameter: a missing or mistyped top-level field is a -32000 error without data. */
    private static String requiredString(JsonObject params, String name) {
        JsonElement e = params.get(name);
        if (e == null || e.isJsonNull()) {
            throw new KurentoException(ErrorCode.SERVER_ERROR, "'" + name + "' parameter is required");
        }
        // jsoncpp's isConvertibleTo(stringValue): numbers and booleans become their text.
        if (!e.isJsonPrimitive()) {
            throw new KurentoException(ErrorCode.SERVER_ERROR, "'" + name + "' parameter should be a string");
        }
        return e.getAsString();
    }

    private static JsonObject value(JsonElement value, String sessionId) {
        JsonObject result = new JsonObject();
        result.add("value", value);
        result.addProperty("sessionId", sessionId);
        return result;
    }

    private static JsonObject sessionOnly(String sessionId) {
        JsonObject result = new JsonObject();
        result.addProperty("sessionId", sessionId);
        return result;
    }
}
