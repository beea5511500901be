package dev.parley.kms.elements;

import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaElement;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.media.ElementMedia;

import java.util.List;

/**
 * Kurento's HubPort (constructor param {@code hub}): an ordinary MediaElement whose parent is its
 * hub, so its id is {@code <pipeline>/<composite>/<port>}. {@code endpoint.connect(port)} sends
 * into the mix; {@code port.connect(endpoint)} hears everyone else.
 */
public final class HubPort extends MediaElement {
    private final ElementMedia media;

    private HubPort(Composite hub, ObjectContext context) {
        super("HubPort", hub, hub.pipeline(), context.events());
        this.media = hub.pipeline().media().createHubPort(id(), hub.media(), engineEvents());
    }

    public static HubPort create(Call call, ObjectContext context) {
        return new HubPort(call.object("hub", Composite.class), context);
    }

    @Override
    public String typeName() {
        return "HubPort";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.MediaElement", "kurento.MediaObject");
    }

    @Override
    protected ElementMedia media() {
        return media;
    }
}
