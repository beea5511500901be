package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/** GStreamer may be initialised once per process; every engine goes through here. */
final class GstRuntime {
    private static boolean initialized;

    private GstRuntime() {
    }

    static synchronized void ensureInitialized() {
        if (initialized || Gst.isInitialized()) {
            initialized = true;
            return;
        }
        // Keep gst1-java-core's own bus dispatch off the GLib default main loop: bus listeners are
        // called from the posting thread, which is what the elements expect.
        Gst.init(Version.of(1, 16), "parley-media-server");
        initialized = true;
    }
}
