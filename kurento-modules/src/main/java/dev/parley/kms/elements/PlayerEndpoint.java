package dev.parley.kms.elements;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.parley.kms.core.Call;
import dev.parley.kms.core.MediaElement;
import dev.parley.kms.core.MediaPipeline;
import dev.parley.kms.core.ObjectContext;
import dev.parley.kms.core.Operations;
import dev.parley.kms.elements.RecorderEndpoint.UriEndpointState;
import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.PlayerMedia;
import dev.parley.kms.protocol.ComplexType;
import dev.parley.kms.protocol.KurentoException;
import dev.parley.kms.protocol.Params;

import java.util.List;
import java.util.Set;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Kurento's PlayerEndpoint (kurento-behaviour §3.8) for audio: a {@code file://} (under the
 * recording roots), relative or {@code http(s)://} uri decoded by GStreamer and sent to whatever
 * the player is connected to, in real time.
 *
 * <p>States as KMS's UriEndpoint (kmsuriendpoint.c, kmsplayerendpoint.c): STOP at first;
 * {@code play} from STOP or PAUSE goes to START (from STOP it starts at the beginning, from PAUSE
 * it resumes), {@code pause} from START or STOP goes to PAUSE, {@code stop} goes to STOP and
 * closes the source. A request for the state it is in changes nothing and still succeeds (KMS
 * only logs "Already in state"). Each change sends UriEndpointStateChanged. At the end of the
 * media KMS stops the player and then sends EndOfStream, so {@code play} afterwards starts over.
 * A source that cannot be read or decoded sends an Error event and leaves the state as it was.
 */
public final class PlayerEndpoint extends MediaElement {
    private static final Logger LOG = System.getLogger(PlayerEndpoint.class.getName());
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String uri;
    private final PlayerMedia media;
    /** Held across each transition and its engine call, so state and media never disagree. */
    private final Object stateLock = new Object();
    private UriEndpointState state = UriEndpointState.STOP;

    private PlayerEndpoint(MediaPipeline pipeline, String uri, String source, ObjectContext context) {
        super("PlayerEndpoint", pipeline, context.events());
        this.uri = uri;
        this.media = pipeline.media().createPlayer(id(), source, this::endOfStream, engineEvents());
    }

    /** The factory: the uri is judged (40107 outside the recording roots) before anything is created. */
    public static PlayerEndpoint create(Call call, ObjectContext context, String defaultPath, RecordingRoots roots) {
        MediaPipeline pipeline = call.object("mediaPipeline", MediaPipeline.class);
        Params params = call.params();
        String uri = params.requiredString("uri");
        // Both checked and accepted as KMS does, then unused. useEncodedMedia: elements here exchange
        // raw audio, so the media is always decoded. networkCache: KMS gives it to RTSP sources only.
        params.optionalBoolean("useEncodedMedia", false);
        params.optionalInt("networkCache", 2000);
        String source = PlayerUri.resolve(uri, defaultPath, roots);
        return new PlayerEndpoint(pipeline, uri, source, context);
    }

    @Override
    public String typeName() {
        return "PlayerEndpoint";
    }

    @Override
    public List<String> hierarchy() {
        return List.of("kurento.UriEndpoint", "kurento.Endpoint", "kurento.MediaElement", "kurento.MediaObject");
    }

    @Override
    protected ElementMedia media() {
        return media;
    }

    void play() {
        synchronized (stateLock) {
            if (!enter(UriEndpointState.START)) {
                return;
            }
            media.play();
            changed(UriEndpointState.START);
        }
    }

    void pause() {
        synchronized (stateLock) {
            if (!enter(UriEndpointState.PAUSE)) {
                return;
            }
            media.pause();
            changed(UriEndpointState.PAUSE);
        }
    }

    void stop() {
        synchronized (stateLock) {
            if (!enter(UriEndpointState.STOP)) {
                return;
            }
            media.stop();
            changed(UriEndpointState.STOP);
        }
    }

    /** False (and a log line, as KMS) when already in {@code next}. */
    private boolean enter(UriEndpointState next) {
        if (state == next) {
            LOG.log(Level.DEBUG, () -> "player " + id() + ": already in state " + next);
            return false;
        }
        return !isReleased();
    }

    private void changed(UriEndpointState next) {
        state = next;
        JsonObject fields = new JsonObject();
        fields.addProperty("state", next.name());
        emit("UriEndpointStateChanged", fields);
    }

    /** From the engine: KMS stops the player (STOP, UriEndpointStateChanged), then sends EndOfStream. */
    private void endOfStream() {
        synchronized (stateLock) {
            if (isReleased() || !media.stopIfEnded()) {
                return;
            }
            changed(UriEndpointState.STOP);
        }
        emit("EndOfStream");
    }

    /** KMS's setPosition: PLAYER_SEEK_FAIL "Seek fails" when the source cannot seek now (e.g. stopped). */
    private void setPosition(long millis) {
        if (!media.seek(millis * NANOS_PER_MILLI)) {
            throw new KurentoException(ErrorCode.PLAYER_SEEK_FAIL, "Seek fails");
        }
    }

    /** Nanoseconds to KMS's milliseconds, with its integer division: unknown (-1) reads as 0. */
    private static long millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    private JsonObject videoInfo() {
        PlayerMedia.PlayerInfo info = media.info();
        return ComplexType.of("VideoInfo")
                .with("isSeekable", info.seekable())
                .with("seekableInit", millis(info.seekableStart()))
                .with("seekableEnd", millis(info.seekableEnd()))
                .with("duration", millis(info.duration()))
                .json();
    }

    private UriEndpointState state() {
        synchronized (stateLock) {
            return state;
        }
    }

    @Override
    protected void defineEvents(Set<String> events) {
        super.defineEvents(events);
        events.addAll(List.of("UriEndpointStateChanged", "EndOfStream"));
    }

    @Override
    protected void defineOperations(Operations ops) {
        super.defineOperations(ops);
        ops.getter("uri", () -> uri);
        ops.getter("state", () -> state().name());
        ops.onVoid("play", call -> play());
        ops.onVoid("pause", call -> pause());
        ops.onVoid("stop", call -> stop());
        ops.on("getPosition", call -> new JsonPrimitive(millis(media.positionNanos())));
        ops.onVoid("setPosition", call -> setPosition(call.params().requiredLong("position")));
        ops.on("getVideoInfo", call -> videoInfo());
        ops.getter("elementGstreamerDot", media::dot);
    }
}
