package dev.parley.kms.gst;

import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.media.PlayerListener;
import dev.parley.kms.media.PlayerMedia;

import org.freedesktop.gstreamer.StateChangeReturn;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * PlayerEndpoint: a uri's audio as the element's output.
 *
 * <pre>
 *   reader pipeline:  uridecodebin ─▶ … ─▶ appsink (clock-paced) ──Java──▶ element pipeline
 *   element pipeline: play (appsrc, continuous timestamps) ─▶ out (raw) ──▶ linked sinks
 * </pre>
 *
 * The element's own input ({@code in}) is never opened: audio connected into a player is counted
 * for MediaFlowIn and dropped, as a player has nothing to do with it. Reports leave the GStreamer
 * threads on a worker, so the listener may call back into the player.
 */
final class GstPlayer extends GstElementMedia implements PlayerMedia {
    private final AudioInlet playback;
    private final UriReader reader;
    private final PlayerListener listener;

    GstPlayer(String id, String uri, PlayerListener listener, GstThread gst, MediaEventSink events, FlowClock flowClock,
              Consumer<GstElementMedia> onClosed) {
        super(id, gst, events, flowClock, onClosed);
        this.listener = listener;
        playback = new AudioInlet("play", pipeline, new FlowMonitor(flowing -> { }), INPUT_MAX_LATENESS_NANOS);
        pipeline.add(playback.element());
        if (!playback.element().link(outlet.element())) {
            throw new IllegalStateException("cannot link player " + id);
        }
        playback.open();
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new IllegalStateException("player " + id + " does not start");
        }
        reader = new UriReader(id, uri, playback::push, new UriReader.Reports() {
            @Override
            public void endOfStream() {
                CompletableFuture.runAsync(GstPlayer.this.listener::endOfStream);
            }

            @Override
            public void error(PlayerErrors.Report error) {
                CompletableFuture.runAsync(() -> events.error(error.type(), error.errorCode(), error.description()));
            }
        });
    }

    @Override
    public void play() {
        gst.run(reader::play);
    }

    @Override
    public void pause() {
        gst.run(reader::pause);
    }

    @Override
    public void stop() {
        gst.run(reader::stop);
    }

    @Override
    public boolean stopIfEnded() {
        return gst.call(reader::stopIfEnded);
    }

    @Override
    public boolean seek(long positionNanos) {
        return gst.call(() -> reader.seek(positionNanos));
    }

    @Override
    public long positionNanos() {
        return gst.call(reader::position);
    }

    @Override
    public PlayerInfo info() {
        return gst.call(reader::info);
    }

    @Override
    public String dot() {
        return gst.call(reader::dot);
    }

    /** The reader first (it closes the file or connection and joins its threads), then the element's own source. */
    @Override
    protected void releaseMedia() {
        reader.close();
        playback.close();
    }

    @Override
    public String toString() {
        return "GstPlayer[" + id + " <- " + reader + "]";
    }
}
