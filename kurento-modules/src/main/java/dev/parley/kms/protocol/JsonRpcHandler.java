package dev.parley.kms.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaException;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The JSON-RPC 2.0 envelope as KMS handles it: parse and validate, inject the connection's
 * sessionId, answer from the request cache, dispatch by method name, shape errors as
 * {@code {code, message, data:{type}}}, and tie the connection to the result's session.
 */
public final class JsonRpcHandler {
    private static final Logger LOG = System.getLogger(JsonRpcHandler.class.getName());
    /** Nulls must be written: void invokes answer {@code value:null}, closeSession {@code result:null}. */
    private final Gson gson = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private final Map<String, RpcMethod> methods = new HashMap<>();
    private final Set<String> needingParams = new HashSet<>();
    private final Set<String> uncached = new HashSet<>();
    private final RequestCache cache;

    public JsonRpcHandler(RequestCache cache) {
        this.cache = cache;
    }

    public JsonRpcHandler register(String name, RpcMethod method) {
        methods.put(name, method);
        return this;
    }

    /** Like {@link #register}, for methods KMS refuses with -32602 when {@code params} is absent. */
    public JsonRpcHandler registerWithParams(String name, RpcMethod method) {
        needingParams.add(name);
        return register(name, method);
    }

    /** Like {@link #register}, for a live reading that a retried id must not get from the cache. */
    public JsonRpcHandler registerUncached(String name, RpcMethod method) {
        uncached.add(name);
        return register(name, method);
    }

    public String toText(JsonElement json) {
        return gson.toJson(json);
    }

    /** Handles one text frame; returns the response text, or null for a notification. */
    public String handle(String text, RpcConnection connection) {
        JsonElement parsed = parseStrictly(text);
        if (parsed == null) {
            return toText(error(JsonNull.INSTANCE, new KurentoException(ErrorCode.PARSE_ERROR, "Parse error.")));
        }
        if (!parsed.isJsonObject()) {
            return toText(invalidRequest());
        }
        JsonObject request = parsed.getAsJsonObject();
        JsonElement id = request.get("id");
        if (!isValidEnvelope(request)) {
            return toText(invalidRequest());
        }
        JsonObject response = execute(request, connection, true);
        if (id == null || id.isJsonNull()) {
            JsonObject answer = notificationAnswer(response);
            return answer == null ? null : toText(answer);
        }
        return toText(response);
    }

    /**
     * KMS's Handler::process runs a notification like a request, then answers only if there is
     * something to say: its error, or -32000 carrying the result it refuses to send (a method
     * with a null result, such as closeSession, stays silent). Either way the id is null.
     */
    private static JsonObject notificationAnswer(JsonObject response) {
        if (response.has("error")) {
            response.add("id", JsonNull.INSTANCE);
            return response;
        }
        JsonElement result = response.get("result");
        if (result == null || result.isJsonNull()) {
            return null;
        }
        JsonObject error = new JsonObject();
        error.addProperty("code", ErrorCode.SERVER_ERROR.code());
        error.addProperty("message", "Ignoring response because of a notification request");
        error.add("data", result);
        JsonObject answer = envelope(JsonNull.INSTANCE);
        answer.add("error", error);
        return answer;
    }

    /** Strict RFC 8259 parsing of the whole text (Gson's JsonParser is lenient); null if it is not JSON. */
    private JsonElement parseStrictly(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setLenient(false);
            JsonElement element = gson.getAdapter(JsonElement.class).read(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? element : null;
        } catch (IOException | JsonParseException | IllegalStateException | StackOverflowError e) {
            return null;
        }
    }

    private static boolean isValidEnvelope(JsonObject request) {
        JsonElement version = request.get("jsonrpc");
        JsonElement id = request.get("id");
        JsonElement method = request.get("method");
        return version != null && version.isJsonPrimitive() && "2.0".equals(version.getAsString())
                && (id == null || id.isJsonNull() || id.isJsonPrimitive())
                && method != null && method.isJsonPrimitive() && method.getAsJsonPrimitive().isString();
    }

    private static JsonObject invalidRequest() {
        return error(JsonNull.INSTANCE, new KurentoException(ErrorCode.INVALID_REQUEST, "Invalid JSON-RPC request."));
    }

    /**
     * Runs a validated request and returns its response object. Transactions call this for each
     * operation with {@code useCache=false}.
     */
    public JsonObject execute(JsonObject request, RpcConnection connection, boolean useCache) {
        JsonElement id = request.has("id") ? request.get("id") : JsonNull.INSTANCE;
        String methodName = request.get("method").getAsString();
        RpcMethod method = methods.get(methodName);
        if (method == null) {
            return error(id, new KurentoException(ErrorCode.METHOD_NOT_FOUND, "Method not found."));
        }
        JsonElement rawParams = request.get("params");
        if (rawParams != null && !rawParams.isJsonNull() && !rawParams.isJsonObject()) {
            // KMS looks members up in whatever 'params' is; jsoncpp throws a logic error on an
            // array or a scalar, which the handler's catch-all answers with -32603 and no data.
            return error(id, new KurentoException(ErrorCode.INTERNAL_ERROR.code(), null,
                    "Unexpected error while processing method: in Json::Value::find(begin, end): requires objectValue or nullValue"));
        }
        boolean absent = rawParams == null || rawParams.isJsonNull();
        if (absent && connection.sessionId() == null && needingParams.contains(methodName)) {
            return error(id, new KurentoException(ErrorCode.INVALID_PARAMS, "'params' is required"));
        }
        JsonObject params = absent ? new JsonObject() : rawParams.getAsJsonObject();
        if (!params.has("sessionId") && connection.sessionId() != null) {
            params.addProperty("sessionId", connection.sessionId());
        }
        String sessionId = params.has("sessionId") && params.get("sessionId").isJsonPrimitive()
                ? params.get("sessionId").getAsString() : null;
        String cacheKey = id.isJsonNull() || uncached.contains(methodName) ? null : id.toString();
        if (useCache && sessionId != null && cacheKey != null) {
            JsonObject cached = cache.get(sessionId, cacheKey);
            if (cached != null) {
                tieToResultSession(cached, connection);
                return cached;
            }
        }
        JsonObject response = run(id, method, params, connection, methodName);
        String resultSession = tieToResultSession(response, connection);
        String cacheSession = resultSession != null ? resultSession : sessionId;
        if (useCache && cacheSession != null && cacheKey != null) {
            cache.put(cacheSession, cacheKey, response);
        }
        return response;
    }

    /** After each response the connection belongs to the result's session (KMS WebSocketTransport storeConnection). */
    private static String tieToResultSession(JsonObject response, RpcConnection connection) {
        JsonElement result = response.get("result");
        String resultSession = result != null && result.isJsonObject() && result.getAsJsonObject().has("sessionId")
                ? result.getAsJsonObject().get("sessionId").getAsString() : null;
        if (resultSession != null) {
            connection.tie(resultSession);
        }
        return resultSession;
    }

    private static JsonObject run(JsonElement id, RpcMethod method, JsonObject params, RpcConnection connection, String name) {
        try {
            JsonElement result = method.call(params, connection);
            JsonObject response = envelope(id);
            response.add("result", result == null ? JsonNull.INSTANCE : result);
            return response;
        } catch (KurentoException e) {
            return error(id, e);
        } catch (MediaException e) {
            return error(id, new KurentoException(e.code(), e.type(), e.getMessage()));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Answered like KMS's catch-all, so the client gets an error instead of a 10 s timeout;
            // LinkageError covers a native library (GStreamer, libnice) that failed to load.
            LOG.log(Level.WARNING, "unexpected failure in " + name, e);
            return error(id, new KurentoException(ErrorCode.INTERNAL_ERROR,
                    "Unexpected error while processing method: " + e));
        }
    }

    private static JsonObject envelope(JsonElement id) {
        JsonObject response = new JsonObject();
        response.add("id", id);
        response.addProperty("jsonrpc", "2.0");
        return response;
    }

    public static JsonObject error(JsonElement id, KurentoException e) {
        JsonObject error = new JsonObject();
        error.addProperty("code", e.code());
        error.addProperty("message", e.getMessage());
        if (e.type() != null) {
            JsonObject data = new JsonObject();
            data.addProperty("type", e.type());
            error.add("data", data);
        }
        JsonObject response = envelope(id);
        response.add("error", error);
        return response;
    }
}
