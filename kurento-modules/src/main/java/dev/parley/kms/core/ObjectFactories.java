package dev.parley.kms.core;

import dev.parley.kms.protocol.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The factory registry by simple type name, as KMS's ModuleManager keeps it ({@code create} looks here). */
public final class ObjectFactories {
    private final Map<String, ObjectFactory> byType = new LinkedHashMap<>();

    public ObjectFactories register(String typeName, ObjectFactory factory) {
        if (byType.putIfAbsent(typeName, factory) != null) {
            throw new IllegalStateException("two factories for " + typeName);
        }
        return this;
    }

    public ObjectFactory find(String typeName) {
        ObjectFactory factory = byType.get(typeName);
        if (factory == null) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_NOT_AVAILABLE, "Factory '" + typeName + "' not found");
        }
        return factory;
    }

    public List<String> typeNames() {
        return new ArrayList<>(byType.keySet());
    }

    /** The core module's creatable classes. */
    public static void registerCore(ObjectFactories factories) {
        factories.register("MediaPipeline", (call, ctx) -> new MediaPipeline(ctx.engine(), ctx.events()));
    }
}
