package dev.parley.kms.elements;

import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaObject;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.Operations;
import dev.parley.kms.media.HubMedia;

import com.google.gson.JsonPrimitive;

import java.util.List;

/**
 * Kurento's Composite hub: {@link HubPort}s are created on it (their ids nest under its id),
 * and each port's output is the mix of every other port's audio (48 kHz stereo), never its own.
 * Video is not carried. Releasing the Composite releases its ports first (they are its children).
 */
public final class Composite extends MediaObject {
    private final HubMedia media;

    private Composite(MediaPipeline pipeline, ObjectContext context) {
        super(newId("Composite", pipeline), pipeline, context.events());
        this.media = pipeline.media().createComposite(id());
    }

    public static Composite create(Call call, ObjectContext context) {
        return new Composite(call.object("mediaPipeline", MediaPipeline.class), context);
    }

    @Override
    public String typeName() {
        return "Composite";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.Hub", "kurento.MediaObject");
    }

    HubMedia media() {
        return media;
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.on("getGstreamerDot", call -> new JsonPrimitive("digraph \"" + id() + "\" {}\n"));
    }

    @Override
    protected void onRelease() {
        media.close();
    }
}
