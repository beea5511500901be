package dev.parley.kms.gst;

import dev.parley.kms.media.RecordingFile;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A recorder's muxing pipeline: raw audio pushed in, Opus in WebM written to one file.
 *
 * <pre>
 *   appsrc ─▶ audioconvert ─▶ audioresample ─▶ 48 kHz stereo ─▶ opusenc ─▶ webmmux ─▶ filesink
 * </pre>
 *
 * Timestamps run on with the samples and resync to the pipeline's running time after a pause in
 * the input ({@link AudioInlet}), so silence the source never sent stays silence in the file, and
 * PAUSED (which stops the running time) leaves the paused span out. All methods but the bus callbacks run on the GStreamer thread.
 */
final class FilePipeline {
    private static final Logger LOG = System.getLogger(FilePipeline.class.getName());
    /** GstFileSinkBufferMode "unbuffered": nothing waits in a stdio buffer when the process dies. */
    private static final int UNBUFFERED = 2;

    final AudioInlet input;
    private final String id;
    private final Pipeline pipeline;
    private final GstRecorder.ErrorReport onError;
    private final Runnable onEnd;
    private final Runnable onPlaying;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Bus.ERROR errorListener = this::busError;
    private final Bus.EOS eosListener = this::busEndOfStream;
    private final Bus.STATE_CHANGED stateListener = this::busStateChanged;
    private volatile boolean failed;
    private volatile boolean ending;
    private boolean closed;

    FilePipeline(String id, RecordingFile target, GstRecorder.ErrorReport onError, Runnable onEnd, Runnable onPlaying) {
        this.id = id;
        this.onError = onError;
        this.onEnd = onEnd;
        this.onPlaying = onPlaying;
        pipeline = new Pipeline(id + "#file");
        input = new AudioInlet("file-in", pipeline, new FlowMonitor(flowing -> { }), GstElementMedia.INPUT_MAX_LATENESS_NANOS);
        Element convert = ElementFactory.make("audioconvert", "convert");
        Element resample = ElementFactory.make("audioresample", "resample");
        Element caps = ElementFactory.make("capsfilter", "mixer-format");
        // KMS's recorder mixes at 48 kHz stereo in front of the muxer (7.0.1).
        caps.set("caps", new Caps(RawAudio.CAPS));
        Element encoder = ElementFactory.make("opusenc", "encoder");
        Element muxer = ElementFactory.make("webmmux", "muxer");
        Element sink = ElementFactory.make("filesink", "file");
        sink.set("location", target.file().toString());
        sink.set("buffer-mode", UNBUFFERED);
        pipeline.addMany(input.element(), convert, resample, caps, encoder, muxer, sink);
        if (!Element.linkMany(input.element(), convert, resample, caps, encoder, muxer, sink)) {
            throw new IllegalStateException("cannot build the WebM writer of recorder " + id);
        }
        Bus bus = pipeline.getBus();
        bus.connect(errorListener);
        bus.connect(eosListener);
        bus.connect(stateListener);
        input.open();
    }

    /** Plays (first start or resume); false when the file cannot be opened (an error was reported). */
    boolean start() {
        if (failed) {
            return false;
        }
        return pipeline.play() != StateChangeReturn.FAILURE && !failed;
    }

    void pause() {
        pipeline.pause();
    }

    /** Ends the stream; the muxer finalises the file and the bus reports EOS. */
    void endOfStream() {
        ending = true;
        input.close();
        if (failed) {
            ended.countDown();
            return;
        }
        // A paused live source holds EOS back: play so it flows.
        pipeline.play();
        input.element().endOfStream();
    }

    boolean awaitEndOfStream(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when end-of-stream went through the muxer and the file sink (the file is complete). */
    boolean ended() {
        return ended.getCount() == 0 && !failed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        input.close();
        Bus bus = pipeline.getBus();
        bus.disconnect(errorListener);
        bus.disconnect(eosListener);
        bus.disconnect(stateListener);
        pipeline.setState(State.NULL);
        for (Element element : pipeline.getElements()) {
            element.dispose();
        }
        pipeline.dispose();
    }

    private void busEndOfStream(GstObject source) {
        ended.countDown();
        onEnd.run();
    }

    private void busStateChanged(GstObject source, State old, State current, State pending) {
        if (source != null && pipeline.getName().equals(source.getName()) && current == State.PLAYING && !failed && !ending) {
            onPlaying.run();
        }
    }

    private void busError(GstObject source, int code, String message) {
        boolean first = !failed;
        failed = true;
        ended.countDown();
        boolean fromFile = source != null && "file".equals(source.getName());
        LOG.log(Level.WARNING, () -> "recorder " + id + ": " + (source == null ? "?" : source.getName()) + " failed (" + code + "): " + message);
        if (first) {
            onError.report(GstRecorder.errorType(fromFile, code), code, message);
        }
    }
}
