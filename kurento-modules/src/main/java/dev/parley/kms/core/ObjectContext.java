package dev.parley.kms.core;

import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaEngine;

/**
 * What object factories need from the server: where events go, the media engine, and the
 * server-wide defaults a new WebRtcEndpoint starts with (KMS's WebRtcEndpoint.conf.ini).
 */
public record ObjectContext(EventPublisher events, MediaEngine engine, IceSettings iceDefaults) {
}
