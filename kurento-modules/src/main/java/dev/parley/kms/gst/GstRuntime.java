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
        // HotSpot uses SIGSEGV internally (safepoints, implicit null checks). With GStreamer's
        // segtrap on, a registry rescan in this process catches such a signal and exits the JVM
        // ("Caught a segmentation fault while loading plugin file", seen in an IT run).
        Gst.setSegTrap(false);
        Gst.init(Version.of(1, 16), "parley-media-server");
        initialized = true;
    }
}
