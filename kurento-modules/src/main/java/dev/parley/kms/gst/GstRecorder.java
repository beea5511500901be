package dev.parley.kms.gst;

import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.media.RecorderListener;
import dev.parley.kms.media.RecorderMedia;
import dev.parley.kms.media.RecordingFile;

import org.freedesktop.gstreamer.StateChangeReturn;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * RecorderEndpoint: the element's audio input written as Opus in WebM.
 *
 * <pre>
 *   element pipeline:  in (raw) ─▶ capture (appsink) ──Java──▶ file pipeline (only while recording)
 *   file pipeline:     appsrc ─▶ convert ─▶ resample ─▶ opusenc ─▶ webmmux ─▶ filesink (unbuffered)
 * </pre>
 *
 * The file has its own GStreamer pipeline, as KMS's recorder has its own muxing pipeline: its
 * errors are reported with their GStreamer resource codes (not as an element failure), pausing
 * it stops its clock so the paused time is left out of the file, and end-of-stream finalises it
 * without touching the element. The file sink writes every buffer straight through, so a process
 * killed mid-recording leaves a file that plays up to its last block (without duration or cues).
 */
final class GstRecorder extends GstElementMedia implements RecorderMedia {
    private static final Logger LOG = System.getLogger(GstRecorder.class.getName());
    /** KMS's stopAndWait bound, also given to a release that finds the file still open. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(4);
    /** GstResourceError codes (gstreamer/gsterror.h) as KMS names them in Error events. */
    private static final int OPEN_READ = 5;
    private static final int OPEN_READ_WRITE = 7;
    private static final int WRITE = 10;
    private static final int NO_SPACE_LEFT = 14;

    private final RecordingFile target;
    private final RecorderListener listener;
    private final AudioOutlet capture;
    private final CompletableFuture<Void> fileClosed = new CompletableFuture<>();
    private FilePipeline file;
    private volatile boolean writing;

    GstRecorder(String id, RecordingFile target, RecorderListener listener, GstThread gst, MediaEventSink events,
                FlowClock flowClock, Consumer<GstElementMedia> onClosed) {
        super(id, gst, events, flowClock, onClosed);
        this.target = target;
        this.listener = listener;
        capture = new AudioOutlet("capture", new FlowMonitor(flowing -> { }));
        capture.addTap(this::write);
        pipeline.add(capture.element());
        if (!inlet.element().link(capture.element())) {
            throw new IllegalStateException("cannot link recorder " + id);
        }
        inlet.open();
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new IllegalStateException("recorder " + id + " does not start");
        }
    }

    private void write(byte[] pcm) {
        FilePipeline f = file;
        if (writing && f != null) {
            f.input.push(pcm);
        }
    }

    @Override
    public void record() {
        gst.run(() -> {
            if (isClosed() || fileClosed.isDone()) {
                return;
            }
            if (file == null) {
                createParentDirectories();
                file = new FilePipeline(id, target, this::onFileError, this::onFileEnd, listener::recording);
            }
            if (file.start()) {
                writing = true;
            }
        });
    }

    /** KMS creates missing directories on record(); when that fails, the file sink's open error reports it. */
    private void createParentDirectories() {
        try {
            Files.createDirectories(target.file().getParent());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "recorder {0}: cannot create {1}: {2}", new Object[] {id, target.file().getParent(), e});
        }
    }

    @Override
    public void pause() {
        gst.run(() -> {
            writing = false;
            if (file != null && !fileClosed.isDone()) {
                file.pause();
            }
        });
    }

    @Override
    public void stop() {
        gst.run(this::endFile);
    }

    @Override
    public boolean stopAndWait(Duration timeout) {
        stop();
        return awaitFileClosed(timeout);
    }

    /** Sends end-of-stream into the file pipeline; {@link #onFileEnd} finishes the job. Runs on the GStreamer thread. */
    private void endFile() {
        writing = false;
        if (file == null) {
            fileClosed.complete(null);
            return;
        }
        file.endOfStream();
    }

    private boolean awaitFileClosed(Duration timeout) {
        try {
            fileClosed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, () -> "recorder " + id + ": file " + target.file() + " not finalised within " + timeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** From a GStreamer streaming thread: the muxer wrote its last bytes. Tear down elsewhere. */
    private void onFileEnd() {
        CompletableFuture.runAsync(() -> gst.run(() -> closeFile(true)));
    }

    private void onFileError(String type, int code, String message) {
        writing = false;
        events.error(type, code, message);
        CompletableFuture.runAsync(() -> gst.run(() -> closeFile(false)));
    }

    /** Frees the file pipeline once; {@code complete} = the muxer finished, so the file is whole. Runs on the GStreamer thread. */
    private void closeFile(boolean complete) {
        if (fileClosed.isDone()) {
            return;
        }
        if (file != null) {
            file.close();
        }
        fileClosed.complete(null);
        if (complete) {
            listener.stopped();
        }
    }

    /** The element is released (or the engine closes): a file still open is finalised first, never left half-written. */
    @Override
    protected void releaseMedia() {
        capture.close();
        if (file != null && !fileClosed.isDone()) {
            endFile();
            // On the GStreamer thread: wait for the muxer's end-of-stream here, then close inline.
            if (!file.awaitEndOfStream(RELEASE_WAIT)) {
                LOG.log(Level.WARNING, () -> "recorder " + id + ": released before " + target.file() + " was finalised");
            }
            closeFile(file.ended());
        }
    }

    @Override
    public String toString() {
        return "GstRecorder[" + id + " -> " + target.file() + "]";
    }

    /** Called by the file pipeline when GStreamer reports an error: type and code as in KMS's Error event. */
    @FunctionalInterface
    interface ErrorReport {
        void report(String type, int code, String message);
    }

    /** Maps a GStreamer error from the file pipeline to KMS's Error type (MediaElementImpl processBusMessage). */
    static String errorType(boolean fromFileSink, int code) {
        if (!fromFileSink) {
            return "STREAM_ERROR_FAILED";
        }
        if (code >= OPEN_READ && code <= OPEN_READ_WRITE) {
            return "RESOURCE_ERROR_OPEN";
        }
        if (code == WRITE) {
            return "RESOURCE_ERROR_WRITE";
        }
        if (code == NO_SPACE_LEFT) {
            return "RESOURCE_ERROR_NO_SPACE_LEFT";
        }
        return "RESOURCE_ERROR";
    }
}
