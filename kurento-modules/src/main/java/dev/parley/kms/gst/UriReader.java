package dev.parley.kms.gst;

import dev.parley.kms.media.PlayerMedia.PlayerInfo;

import com.sun.jna.Pointer;

import org.freedesktop.gstreamer.BusSyncReply;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Format;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.event.SeekFlags;
import org.freedesktop.gstreamer.event.SeekType;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;
import org.freedesktop.gstreamer.query.SeekingQuery;

import java.util.EnumSet;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * A player's reading pipeline: one uri decoded to raw audio at real-time pace.
 *
 * <pre>
 *   uridecodebin (source ─▶ decodebin) ─▶ convert ─▶ resample ─▶ 48 kHz stereo ─▶ 20 ms split ─▶ appsink (sync)
 * </pre>
 *
 * Its own GStreamer pipeline, as KMS's player has its own internal pipeline: pausing, stopping
 * (NULL: the file or connection is closed) and seeking touch only the reader, never the element
 * whose output feeds the other elements, and the reader's errors carry KMS's player error types
 * ({@link PlayerErrors}). The appsink syncs to the clock, so the file plays at its own speed.
 * Only the first audio stream is played; other streams are left unlinked.
 *
 * <p>End of stream and errors are caught in the bus's sync handler, on the thread that posts
 * them, and stamped with the run they belong to: a run ends with every stop, so a report that
 * arrives late (gst1-java-core delivers bus messages on its own executor) cannot be taken for
 * one of a later playback. Everything else runs on the GStreamer thread.
 */
final class UriReader {
    private static final Logger LOG = System.getLogger(UriReader.class.getName());
    /** GST_DEBUG_GRAPH_SHOW_VERBOSE, what KMS's getElementGstreamerDot asks for. */
    private static final int DOT_VERBOSE = -1;

    /** A reader's asynchronous outcomes, called from GStreamer threads: must not block. */
    interface Reports {
        void endOfStream();

        void error(PlayerErrors.Report error);
    }

    private final String id;
    private final String uri;
    private final Pipeline pipeline;
    private final Element decoder;
    private final Element convert;
    private final AudioOutlet decoded;
    private final Reports reports;
    private final Element.PAD_ADDED onPadAdded = this::padAdded;
    private final Element.NO_MORE_PADS onNoMorePads = this::noMorePads;
    /** Bumped by every stop: reports stamped with an older run are stale. */
    private volatile int run;
    private volatile int endedRun = -1;
    private volatile int failedRun = -1;
    private volatile boolean audioLinked;
    private boolean stopped = true;
    private boolean closed;

    UriReader(String id, String uri, Consumer<byte[]> audio, Reports reports) {
        this.id = id;
        this.uri = uri;
        this.reports = reports;
        pipeline = new Pipeline(id + "#player");
        decoder = ElementFactory.make("uridecodebin", "reader");
        decoder.set("uri", uri);
        convert = ElementFactory.make("audioconvert", "convert");
        Element resample = ElementFactory.make("audioresample", "resample");
        Element format = ElementFactory.make("capsfilter", "mixer-format");
        format.set("caps", new Caps(RawAudio.CAPS));
        // 20 ms chunks (its default), as endpoints send and the other elements' inputs expect.
        Element split = ElementFactory.make("audiobuffersplit", "split");
        decoded = new AudioOutlet("decoded", new FlowMonitor(flowing -> { }));
        // Paced by the clock, and prerolled before the clock runs (as KMS's player appsink).
        decoded.element().set("sync", true);
        decoded.element().set("async", true);
        decoded.addTap(audio);
        pipeline.addMany(decoder, convert, resample, format, split, decoded.element());
        if (!Element.linkMany(convert, resample, format, split, decoded.element())) {
            throw new IllegalStateException("cannot build the reader of player " + id);
        }
        decoder.connect(onPadAdded);
        decoder.connect(onNoMorePads);
        pipeline.getBus().setSyncHandler(this::onMessage);
    }

    /** Starts (from the beginning when stopped) or resumes. */
    void play() {
        if (closed) {
            return;
        }
        stopped = false;
        pipeline.play();
    }

    /** Pauses; from a stop this opens the uri and prerolls, as KMS does. */
    void pause() {
        if (closed) {
            return;
        }
        stopped = false;
        pipeline.pause();
    }

    /** Back to NULL: the file or connection is closed, the next play starts over. */
    void stop() {
        if (closed || stopped) {
            return;
        }
        // NULL first (it joins the streaming threads, so no report of this run is posted after it), then a new run.
        pipeline.setState(State.NULL);
        stopped = true;
        run++;
    }

    /** Stops if this run reached its end of stream; true if it did. */
    boolean stopIfEnded() {
        if (closed || stopped || endedRun != run) {
            return false;
        }
        stop();
        return true;
    }

    /** KMS's set-position: a flushing, accurate seek, only where a seeking query says it can. */
    boolean seek(long positionNanos) {
        if (closed || stopped) {
            return false;
        }
        SeekingQuery query = new SeekingQuery(Format.TIME);
        try {
            if (!pipeline.query(query) || !query.isSeekable()) {
                return false;
            }
        } finally {
            query.dispose();
        }
        return pipeline.seek(1.0, Format.TIME, EnumSet.of(SeekFlags.FLUSH, SeekFlags.ACCURATE),
                SeekType.SET, positionNanos, SeekType.NONE, -1);
    }

    long position() {
        if (closed || stopped) {
            return -1;
        }
        return pipeline.queryPosition(Format.TIME);
    }

    /** KMS's video-data: the seeking query and the duration; -1 for what the pipeline cannot tell. */
    PlayerInfo info() {
        if (closed || stopped) {
            return PlayerInfo.UNKNOWN;
        }
        boolean seekable = false;
        long start = -1;
        long end = -1;
        SeekingQuery query = new SeekingQuery(Format.TIME);
        try {
            if (pipeline.query(query)) {
                seekable = query.isSeekable();
                start = query.getStart();
                end = query.getEnd();
            }
        } finally {
            query.dispose();
        }
        long duration = pipeline.queryDuration(Format.TIME);
        return new PlayerInfo(seekable, start, end, duration > 0 ? duration : -1);
    }

    String dot() {
        if (closed) {
            return "";
        }
        Pointer text = PlayerErrors.GST.gst_debug_bin_to_dot_data(Natives.getRawPointer(pipeline), DOT_VERBOSE);
        try {
            return text == null ? "" : text.getString(0);
        } finally {
            if (text != null) {
                GLibMemory.GLIB.g_free(text);
            }
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        pipeline.setState(State.NULL);
        run++;
        decoder.disconnect(onPadAdded);
        decoder.disconnect(onNoMorePads);
        pipeline.getBus().clearSyncHandler();
        decoded.close();
        for (Element element : pipeline.getElements()) {
            element.dispose();
        }
        pipeline.dispose();
    }

    /** From a streaming thread: the first audio stream goes to the converter, the rest are left unlinked. */
    private void padAdded(Element element, Pad pad) {
        Caps current = pad.getCurrentCaps();
        Caps caps = current != null ? current : pad.queryCaps(null);
        boolean isAudio = caps != null && caps.size() > 0 && caps.getStructure(0).getName().startsWith("audio/");
        if (!isAudio) {
            LOG.log(Level.DEBUG, () -> "player " + id + ": ignoring stream " + caps);
            return;
        }
        Pad sink = convert.getStaticPad("sink");
        synchronized (this) {
            if (sink.isLinked()) {
                LOG.log(Level.DEBUG, () -> "player " + id + ": playing the first audio stream only");
                return;
            }
            try {
                pad.link(sink);
                audioLinked = true;
            } catch (org.freedesktop.gstreamer.PadLinkException e) {
                LOG.log(Level.WARNING, () -> "player " + id + ": cannot play its audio stream: " + e.getMessage());
            }
        }
    }

    /** A source without audio plays nothing here (this server carries audio only): KMS's "Invalid Media". */
    private void noMorePads(Element element) {
        if (!audioLinked && !convert.getStaticPad("sink").isLinked()) {
            LOG.log(Level.WARNING, () -> "player " + id + ": " + redacted(uri) + " has no audio stream");
            report(PlayerErrors.invalidMedia(), run);
        }
    }

    /** On the posting thread: stamp end of stream and errors with the run they belong to. */
    private BusSyncReply onMessage(Message message) {
        MessageType type = message.getType();
        if (type == MessageType.EOS) {
            int current = run;
            endedRun = current;
            reports.endOfStream();
        } else if (type == MessageType.ERROR) {
            GstObject source = message.getSource();
            PlayerErrors.Report error = PlayerErrors.of(Natives.getRawPointer(message),
                    source == null ? "?" : source.getName(), id);
            LOG.log(Level.WARNING, () -> "player " + id + " (" + redacted(uri) + "): " + error.detail());
            report(error, run);
        }
        return BusSyncReply.PASS;
    }

    /** KMS reports each error message; one per run is enough to tell the client, the rest are logged. */
    private void report(PlayerErrors.Report error, int errorRun) {
        synchronized (this) {
            if (failedRun == errorRun) {
                return;
            }
            failedRun = errorRun;
        }
        reports.error(error);
    }

    @Override
    public String toString() {
        return "UriReader[" + id + " <- " + redacted(uri) + "]";
    }

    /** Text for logs and events: the user and password of any uri in it (http://user:password@host) stay out. */
    static String redacted(String text) {
        return text.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@", "$1***@");
    }
}
