package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;

/** Pad linking that drops the Java proxy's reference to the pad it looked up. */
final class Pads {
    private Pads() {
    }

    /**
     * Links {@code from} to {@code lookedUp} and disposes the proxy of {@code lookedUp} (a pad
     * got from getStaticPad, owned by its element): proxies otherwise keep their element alive,
     * with its sockets, until the garbage collector runs.
     */
    static void link(Pad from, Pad lookedUp) throws PadLinkException {
        try {
            from.link(lookedUp);
        } finally {
            lookedUp.dispose();
        }
    }
}
