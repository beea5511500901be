package dev.parley.kms.gst;

import dev.parley.kms.media.MediaEventSink;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.StateChangeReturn;

import java.util.function.Consumer;

/** PassThrough: audio in, the same audio out. */
final class GstPassThrough extends GstElementMedia {

    GstPassThrough(String id, GstThread gst, MediaEventSink events, FlowClock flowClock, Consumer<GstElementMedia> onClosed) {
        super(id, gst, events, flowClock, onClosed);
        Element queue = ElementFactory.make("queue", "passthrough");
        pipeline.add(queue);
        if (!Element.linkMany(inlet.element(), queue, outlet.element())) {
            throw new IllegalStateException("cannot link PassThrough " + id);
        }
        inlet.open();
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new IllegalStateException("PassThrough " + id + " does not start");
        }
    }
}
