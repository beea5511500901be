package dev.parley.kms.core;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The factory registry by simple type name, as KMS's ModuleManager keeps it ({@code create} looks here). */
public final class ObjectFactories {
    /** The modules KMS 7.1 always loads, in its order; clients such as kurento-client-js check for all three. */
    public static final List<String> KMS_MODULES = List.of("core", "elements", "filters");
    /** The classes KMS's core.kmd.json declares creatable; every other class here is in the elements module. */
    private static final Set<String> CORE_CLASSES = Set.of("MediaPipeline", "HubPort", "PassThrough");

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

    /**
     * The factories grouped by the KMS module that declares them (as ServerManager.getInfo lists
     * them); {@code filters} is present and empty, because no filter is implemented.
     */
    public Map<String, List<String>> byModule() {
        Map<String, List<String>> modules = new LinkedHashMap<>();
        KMS_MODULES.forEach(name -> modules.put(name, new ArrayList<>()));
        byType.keySet().forEach(type -> modules.get(CORE_CLASSES.contains(type) ? "core" : "elements").add(type));
        return modules;
    }

    /** The core module's creatable classes. */
    public static void registerCore(ObjectFactories factories) {
        factories.register("MediaPipeline", (call, ctx) -> new MediaPipeline(ctx.engine(), ctx.events()));
    }
}
