package dev.parley.kms.elements;

import dev.parley.kms.core.ObjectFactories;

/** The elements module's creatable classes (RecorderEndpoint and Composite join here). */
public final class ElementsModule {
    private ElementsModule() {
    }

    public static void register(ObjectFactories factories) {
        factories.register("WebRtcEndpoint", WebRtcEndpoint::create)
                .register("RtpEndpoint", RtpEndpoint::create)
                .register("PassThrough", PassThrough::create);
    }
}
