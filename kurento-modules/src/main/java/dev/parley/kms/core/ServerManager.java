package dev.parley.kms.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.ComplexType;
import dev.parley.kms.protocol.KurentoException;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Kurento's ServerManager ({@code manager_ServerManager}): server info, live pipelines and
 * sessions, resource use, and ObjectCreated/ObjectDestroyed for every object.
 */
public final class ServerManager extends MediaObject {
    public static final String ID = "manager_ServerManager";
    /** The KMS version this server mimics; the Java client 7.1.0 checks nothing more. */
    public static final String KMS_VERSION = "7.1.0";

    private final Supplier<List<MediaPipeline>> pipelines;
    private final Supplier<List<String>> sessions;
    private final Map<String, List<String>> modules;
    private final ProcessUsage usage = new ProcessUsage();

    public ServerManager(EventPublisher events, Supplier<List<MediaPipeline>> pipelines,
                         Supplier<List<String>> sessions, Map<String, List<String>> modules) {
        super(ID, null, events);
        this.pipelines = pipelines;
        this.sessions = sessions;
        this.modules = Map.copyOf(modules);
    }

    @Override
    public String typeName() {
        return "ServerManager";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.MediaObject");
    }

    void objectCreated(MediaObject object) {
        JsonObject fields = new JsonObject();
        fields.addProperty("object", object.id());
        emit("ObjectCreated", fields);
    }

    void objectDestroyed(MediaObject object) {
        JsonObject fields = new JsonObject();
        fields.addProperty("objectId", object.id());
        emit("ObjectDestroyed", fields);
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.add("ObjectCreated");
        events.add("ObjectDestroyed");
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.on("getInfo", call -> info());
        ops.on("getPipelines", call -> ids(pipelines.get()));
        ops.on("getSessions", call -> {
            JsonArray array = new JsonArray();
            sessions.get().forEach(array::add);
            return array;
        });
        ops.getter("metadata", () -> "");
        ops.on("getKmd", call -> {
            throw new KurentoException(ErrorCode.SERVER_MANAGER_ERROR_KMD_NOT_FOUND,
                    "Module '" + call.params().requiredString("moduleName") + "' has no kmd on this server");
        });
        ops.intGetter("cpuCount", () -> Runtime.getRuntime().availableProcessors());
        ops.on("getUsedCpu", call -> new JsonPrimitive(usage.cpuPercent(call.params().requiredInt("interval"))));
        ops.on("getUsedMemory", call -> new JsonPrimitive(usage.residentKiB()));
    }

    private JsonObject info() {
        String generationTime = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000 + "";
        JsonArray modules = new JsonArray();
        // KMS lists every loaded module with the factories it registered (ServerMethods.cpp).
        for (String name : ObjectFactories.KMS_MODULES) {
            modules.add(ComplexType.of("ModuleInfo")
                    .with("version", KMS_VERSION)
                    .with("name", name)
                    .with("generationTime", generationTime)
                    .withStrings("factories", this.modules.getOrDefault(name, List.of()))
                    .json());
        }
        return ComplexType.of("ServerInfo")
                .with("version", KMS_VERSION)
                .with("modules", modules)
                .with("type", "KMS")
                .withStrings("capabilities", List.of("transactions"))
                .json();
    }
}
