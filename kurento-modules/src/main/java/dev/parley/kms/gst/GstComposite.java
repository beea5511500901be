package dev.parley.kms.gst;

import dev.parley.kms.media.HubMedia;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Composite: the ports of one hub, and who hears whom. Every port hears every other port and
 * never itself; a joining port is added to each other port's mixer and vice versa, a leaving
 * port is taken out of them. Changes run on the GStreamer thread.
 */
final class GstComposite implements HubMedia {
    private final String id;
    private final GstThread gst;
    private final List<GstHubPort> ports = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    GstComposite(String id, GstThread gst) {
        this.id = id;
        this.gst = gst;
    }

    /** Runs on the GStreamer thread (from the port's constructor). */
    void join(GstHubPort port) {
        if (closed) {
            throw new IllegalStateException("composite " + id + " is released");
        }
        for (GstHubPort other : ports) {
            other.hear(port);
            port.hear(other);
        }
        ports.add(port);
    }

    /** Runs on the GStreamer thread (from the port's release). */
    void leave(GstHubPort port) {
        if (ports.remove(port)) {
            for (GstHubPort other : ports) {
                other.stopHearing(port);
            }
        }
    }

    int portCount() {
        return ports.size();
    }

    @Override
    public void close() {
        closed = true;
        for (GstHubPort port : List.copyOf(ports)) {
            port.close();
        }
    }

    @Override
    public String toString() {
        return "GstComposite[" + id + ", " + ports.size() + " ports]";
    }
}
