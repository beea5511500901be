package dev.parley.kms.elements;

import dev.parley.kms.core.ObjectFactories;

/** The elements module's creatable classes. */
public final class ElementsModule {
    private ElementsModule() {
    }

    public static void register(ObjectFactories factories) {
        register(factories, RecorderUri.KMS_DEFAULT_PATH, RecordingRoots.parse("", RecorderUri.KMS_DEFAULT_PATH));
    }

    /**
     * @param recorderDefaultPath where relative RecorderEndpoint uris go (KMS's UriEndpoint defaultPath)
     * @param recordingRoots      the only directories RecorderEndpoints may write under and PlayerEndpoints read from
     */
    public static void register(ObjectFactories factories, String recorderDefaultPath, RecordingRoots recordingRoots) {
        factories.register("WebRtcEndpoint", WebRtcEndpoint::create)
                .register("RtpEndpoint", RtpEndpoint::create)
                .register("PassThrough", PassThrough::create)
                .register("RecorderEndpoint", (call, context) -> RecorderEndpoint.create(call, context, recorderDefaultPath, recordingRoots))
                .register("PlayerEndpoint", (call, context) -> PlayerEndpoint.create(call, context, recorderDefaultPath, recordingRoots))
                .register("Composite", Composite::create)
                .register("HubPort", HubPort::create);
    }
}
