package dev.parley.kms.elements;

import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaElement;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.media.ElementMedia;

import java.util.List;

/** Kurento's PassThrough: its input copied to every sink. */
public final class PassThrough extends MediaElement {
    private final ElementMedia media;

    private PassThrough(MediaPipeline pipeline, ObjectContext context) {
        super("PassThrough", pipeline, context.events());
        this.media = pipeline.media().createPassThrough(id(), engineEvents());
    }

    public static PassThrough create(Call call, ObjectContext context) {
        return new PassThrough(call.object("mediaPipeline", MediaPipeline.class), context);
    }

    @Override
    public String typeName() {
        return "PassThrough";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.Filter", "kurento.MediaElement", "kurento.MediaObject");
    }

    @Override
    protected ElementMedia media() {
        return media;
    }
}
