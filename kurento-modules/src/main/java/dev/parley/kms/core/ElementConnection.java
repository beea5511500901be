package dev.parley.kms.core;

import com.google.gson.JsonObject;
import dev.parley.kms.protocol.ComplexType;

/** One row of the connection tables (Kurento's ElementConnectionData). */
public record ElementConnection(MediaElement source, MediaElement sink, MediaType type,
                                String sourceDescription, String sinkDescription) {

    public JsonObject toJson() {
        return ComplexType.of("ElementConnectionData")
                .with("source", source.id())
                .with("sink", sink.id())
                .with("type", type.name())
                .with("sourceDescription", sourceDescription)
                .with("sinkDescription", sinkDescription)
                .json();
    }
}
