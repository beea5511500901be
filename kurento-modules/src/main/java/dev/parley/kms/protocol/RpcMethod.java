package dev.parley.kms.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** One top-level JSON-RPC method: params (never null, sessionId injected) in, {@code result} out. */
@FunctionalInterface
public interface RpcMethod {
    JsonElement call(JsonObject params, RpcConnection connection);
}
