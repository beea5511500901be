package dev.parley.kms.gst;

import com.sun.jna.Callback;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * GObject signal connections made through JNA. Holds each callback strongly until
 * {@link #disconnectAll()}: a JNA callback collected by the GC while GLib still calls it crashes
 * the JVM (the trap media-engine-notes describes for promises).
 */
final class NativeSignals {
    private record Connection(Pointer instance, NativeLong handlerId, Callback callback) {
    }

    private final List<Connection> connections = new ArrayList<>();

    synchronized void connect(Pointer instance, String signal, Callback callback) {
        NativeLong id = GLibNative.GOBJECT.g_signal_connect_data(instance, signal, callback, null, null, 0);
        if (id.longValue() == 0) {
            throw new IllegalStateException("cannot connect to GObject signal " + signal);
        }
        connections.add(new Connection(instance, id, callback));
    }

    synchronized void disconnectAll() {
        for (Connection c : connections) {
            GLibNative.GOBJECT.g_signal_handler_disconnect(c.instance(), c.handlerId());
        }
        connections.clear();
    }
}
