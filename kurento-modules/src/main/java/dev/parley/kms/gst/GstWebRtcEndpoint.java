package dev.parley.kms.gst;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.IceEventSink;
import dev.parley.kms.media.IceSettings;
import dev.parley.kms.media.MediaException;
import dev.parley.kms.media.RtpStreamStats;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;

import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCPeerConnectionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * WebRtcEndpoint over webrtcbin: ICE (libnice), DTLS-SRTP, BUNDLE, rtcp-mux, Opus or PCMU audio.
 *
 * <pre>
 *   in (raw) ─▶ convert ─▶ resample ─▶ encoder ─▶ payloader ─▶ ┌───────────┐ ──▶ browser
 *   in-opus ─────────────────────────────────────┘            │ webrtcbin │
 *   out (raw) ◀─ resample ◀─ convert ◀─ decoder ◀─ depayloader ◀ └───────────┘ ◀── browser
 *   out-opus ◀──────────────────────────────────────┘
 * </pre>
 *
 * With Opus, packets pass through to and from other elements that carry Opus ({@link AudioInlet#opus}):
 * the decoder runs only while a sink needs raw audio, the encoder only while raw audio comes in.
 *
 * webrtcbin only ever sees the one audio m-line the engine carries: the peer's SDP is reduced to
 * it ({@link WebRtcSdp}), and the answer or offer the peer gets is rebuilt around webrtcbin's
 * with every other m-line rejected (port 0), as KMS does for formats it cannot handle.
 */
final class GstWebRtcEndpoint extends GstElementMedia implements WebRtcMedia {
    private static final Logger LOG = System.getLogger(GstWebRtcEndpoint.class.getName());
    /** webrtcbin's jitter buffer: low enough for conversation, enough for loopback and LAN jitter. */
    private static final int JITTER_BUFFER_MILLIS = 50;
    private static final int BUNDLE_POLICY_MAX_BUNDLE = 3;
    private static final int DIRECTION_SENDONLY = 2;
    private static final int DIRECTION_RECVONLY = 3;

    interface NotifyCallback extends Callback {
        void invoke(Pointer object, Pointer paramSpec, Pointer data);
    }

    interface DeepElementAddedCallback extends Callback {
        void invoke(Pointer bin, Pointer subBin, Pointer element, Pointer data);
    }

    private final WebRtcOptions options;
    private final GstEngineConfig config;
    private boolean addressesAdded;
    private final WebRTCBin webrtc;
    private final NiceAgentLink nice;
    private final NativeSignals signals = new NativeSignals();
    private final WebRTCBin.ON_ICE_CANDIDATE onCandidate = this::onLocalCandidate;
    private final Element.PAD_ADDED onPadAdded = this::onPadAdded;

    private final Object iceLock = new Object();
    private final List<String[]> localCandidates = new ArrayList<>();
    private final List<String[]> pendingRemoteCandidates = new ArrayList<>();
    private boolean gatherRequested;
    private boolean gatheringDone;
    private boolean gatheringDoneReported;
    private volatile WebRtcSdp.Layout layout;
    private volatile AudioCodec.Negotiated codec;
    private volatile String ownOffer;
    private volatile IceSettings ice = IceSettings.none();
    private volatile boolean decoderBuilt;
    private volatile Boolean connected;
    private volatile boolean mediaConnected;
    /** The negotiated direction of the carried audio m-line, seen from this endpoint (getStats filters by it). */
    private volatile RtpSessionStats.Direction direction = RtpSessionStats.Direction.NONE;
    private final SdpIdentity identity = SdpIdentity.random();
    private final IceEventSink iceEvents;

    GstWebRtcEndpoint(String id, WebRtcOptions options, IceSettings defaults, GstThread gst, IceEventSink events,
                      FlowClock flowClock, Consumer<GstElementMedia> onClosed, GstEngineConfig config) {
        super(id, gst, events, flowClock, onClosed);
        this.iceEvents = events;
        this.options = options;
        // Raw pointers, not gst1-java-core proxies: a proxy per element added would hold a reference
        // to each of webrtcbin's children until the GC ran (seen: native threads left per endpoint).
        signals.connect(Natives.getRawPointer(pipeline), "deep-element-added",
                (DeepElementAddedCallback) (root, bin, element, data) -> unsync(element));
        webrtc = new WebRTCBin("webrtc");
        webrtc.set("bundle-policy", BUNDLE_POLICY_MAX_BUNDLE);
        webrtc.set("latency", JITTER_BUFFER_MILLIS);
        pipeline.add(webrtc);
        webrtc.connect(onCandidate);
        webrtc.connect(onPadAdded);
        this.config = config;
        nice = new NiceAgentLink(webrtc);
        nice.listen(new NiceAgentLink.Listener() {
            @Override
            public void componentState(int streamId, int componentId, String state) {
                iceEvents.iceComponentStateChanged(streamId, componentId, state);
            }

            @Override
            public void selectedPair(int streamId, int componentId, String local, String remote) {
                iceEvents.newCandidatePairSelected(String.valueOf(streamId), componentId, local, remote);
            }

            @Override
            public void gatheringDone(int streamId) {
                onGatheringDone();
            }
        });
        signals.connect(Natives.getRawPointer(webrtc), "notify::connection-state",
                (NotifyCallback) (object, spec, data) -> onConnectionState());
        applyIce(defaults);
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, "WebRtcEndpoint " + id + " does not start");
        }
    }

    @Override
    public void applyIceSettings(IceSettings settings) {
        gst.run(() -> applyIce(settings));
    }

    private void applyIce(IceSettings settings) {
        ice = settings;
        webrtc.set("stun-server", settings.stunServerAddress().isEmpty() ? null
                : "stun://" + settings.stunServerAddress() + ":" + settings.stunServerPort());
        webrtc.set("turn-server", settings.turnUrl().isEmpty() ? null : TurnUrl.toGstreamer(settings.turnUrl()));
        nice.setIceTcp(settings.iceTcp());
    }

    @Override
    public String processOffer(String offer) {
        return gst.call(() -> {
            Sdp remote = Sdp.parse(offer);
            addLocalAddresses();
            WebRtcSdp.Layout chosen = WebRtcSdp.chooseAudio(remote);
            if (chosen.carriesAudio()) {
                codec = chosen.codec();
                // Every offered codec the engine carries is answered (KMS does the same); this
                // endpoint sends the first, and decodes whichever the peer sends (onPadAdded).
                List<AudioCodec.Negotiated> accepted = AudioCodec.allSupported(remote.media.get(chosen.audioIndex()));
                linkEncoder(chosen.codec(), null, accepted);
                WebRtcBinCalls.setRemote(webrtc, WebRtcBinCalls.OFFER, WebRtcSdp.reduce(remote, chosen),
                        ErrorCode.SDP_END_POINT_PROCESS_OFFER_ERROR);
                String answer = WebRtcSdp.withCodecs(WebRtcBinCalls.createAnswer(webrtc), accepted);
                WebRtcBinCalls.setLocal(webrtc, WebRtcBinCalls.ANSWER, answer, ErrorCode.SDP_END_POINT_PROCESS_OFFER_ERROR);
                negotiated(chosen);
                Sdp local = Sdp.parse(answer);
                direction = RtpSessionStats.Direction.of(local.media.get(0).direction());
                return WebRtcSdp.answer(remote, chosen, local, identity);
            }
            negotiated(chosen);
            return WebRtcSdp.answer(remote, chosen, null, identity);
        });
    }

    @Override
    public String generateOffer(boolean offerAudio, boolean offerVideo) {
        return gst.call(() -> {
            String local = null;
            addLocalAddresses();
            if (offerAudio) {
                AudioCodec.Negotiated opus = new AudioCodec.Negotiated(AudioCodec.OPUS, WebRtcSdp.OFFERED_OPUS_PT);
                codec = opus;
                linkEncoder(opus, offerDirection(), List.of(opus));
                local = WebRtcBinCalls.createOffer(webrtc);
                WebRtcBinCalls.setLocal(webrtc, WebRtcBinCalls.OFFER, local, ErrorCode.SDP_END_POINT_GENERATE_OFFER_ERROR);
                ownOffer = local;
            }
            WebRtcSdp.Layout offered = WebRtcSdp.Layout.ofOwnOffer(offerAudio, offerVideo, local == null ? null : Sdp.parse(local), codec);
            layout = offered;
            return WebRtcSdp.offer(offered, local == null ? null : Sdp.parse(local), identity);
        });
    }

    @Override
    public String processAnswer(String answer) {
        return gst.call(() -> {
            Sdp remote = Sdp.parse(answer);
            WebRtcSdp.Layout offered = layout;
            if (offered == null) {
                throw new MediaException(ErrorCode.SDP_END_POINT_NOT_OFFER_GENERATED, "Offer not generated. It is not possible to process an answer.");
            }
            Optional<Sdp.Media> audio = offered.carriesAudio() && offered.audioIndex() < remote.media.size()
                    ? Optional.of(remote.media.get(offered.audioIndex())) : Optional.empty();
            if (audio.isPresent() && audio.get().port() != 0) {
                Optional<AudioCodec.Negotiated> answered = AudioCodec.firstSupported(audio.get());
                if (answered.isEmpty() || answered.get().codec() != AudioCodec.OPUS) {
                    throw new MediaException(ErrorCode.SDP_END_POINT_PROCESS_ANSWER_ERROR,
                            "the answer's audio m-line accepts none of the offered codecs");
                }
                WebRtcBinCalls.setRemote(webrtc, WebRtcBinCalls.ANSWER, WebRtcSdp.reduce(remote, offered),
                        ErrorCode.SDP_END_POINT_PROCESS_ANSWER_ERROR);
                negotiated(offered.applied());
                direction = RtpSessionStats.Direction.of(RtpSdp.mirror(audio.get().direction()));
            } else {
                negotiated(offered.withoutAudio());
            }
            return WebRtcSdp.offer(offered, ownOffer == null ? null : Sdp.parse(ownOffer), identity);
        });
    }

    /**
     * Tells libnice where to gather, once, before the first description starts gathering: the
     * endpoint's networkInterfaces if set, else the server's, always with 127.0.0.1.
     */
    private void addLocalAddresses() {
        if (addressesAdded) {
            return;
        }
        addressesAdded = true;
        String own = ice.networkInterfaces();
        List<String> configured = own.isBlank() ? config.localAddresses() : List.of(own.split(","));
        nice.addLocalAddresses(LocalAddresses.resolve(configured));
    }

    /** WebRtcEndpoint(sendonly/recvonly) changes only the direction of generated offers (§3.3). */
    private Integer offerDirection() {
        if (options.sendonly()) {
            return DIRECTION_SENDONLY;
        }
        return options.recvonly() ? Integer.valueOf(DIRECTION_RECVONLY) : null;
    }

    /**
     * Builds the send chain for {@code negotiated} and hands it to webrtcbin as a new transceiver
     * that negotiates {@code accepted} (which starts with it). Runs on the GStreamer thread.
     */
    private void linkEncoder(AudioCodec.Negotiated negotiated, Integer direction, List<AudioCodec.Negotiated> accepted) {
        // Low delay toward the browser: what a person hears (PagePathLatencyTest, docs/media-server.md).
        AudioInlet opus = negotiated.codec() == AudioCodec.OPUS ? opusInput() : null;
        Element payloader = AudioChains.addEncoder(pipeline, inlet, opus, negotiated, true);
        // The SSRC the descriptions declare: a browser that is told one SSRC drops packets from another.
        payloader.set("ssrc", (int) identity.ssrc());
        Pad sink = webrtc.getRequestPad("sink_%u");
        Pad source = payloader.getStaticPad("src");
        try {
            source.link(sink);
        } catch (PadLinkException e) {
            sink.dispose();
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, "cannot link the encoder to webrtcbin: " + e.getLinkResult(), e);
        } finally {
            source.dispose();
        }
        // Before any audio flows the payloader's caps are not fixed, and webrtcbin would leave the
        // m-line out of an offer: the transceiver's codec preferences say exactly what it carries.
        PointerByReference transceiver = new PointerByReference();
        GLibNative.GOBJECT.g_object_get(Natives.getRawPointer(sink), "transceiver", transceiver, null);
        Caps preferences = new Caps(accepted.stream().map(AudioCodec.Negotiated::rtpCaps)
                .collect(java.util.stream.Collectors.joining("; ")));
        try {
            GLibNative.GOBJECT.g_object_set(transceiver.getValue(), "codec-preferences", Natives.getRawPointer(preferences), null);
            if (direction != null) {
                GLibNative.GOBJECT.g_object_set(transceiver.getValue(), "direction", direction, null);
            }
        } finally {
            GLibNative.GOBJECT.g_object_unref(transceiver.getValue());
            preferences.dispose();
            sink.dispose();
        }
        for (Element e : pipeline.getElements()) {
            e.syncStateWithParent();
        }
        inlet.open();
        if (opus != null) {
            sendsOpus();
        }
    }

    private void negotiated(WebRtcSdp.Layout done) {
        List<String[]> remote;
        synchronized (iceLock) {
            layout = done;
            remote = new ArrayList<>(pendingRemoteCandidates);
            pendingRemoteCandidates.clear();
        }
        for (String[] candidate : remote) {
            addNow(candidate[0], Integer.parseInt(candidate[2]), false);
        }
        flushLocalCandidates();
    }

    @Override
    public void gatherCandidates() {
        synchronized (iceLock) {
            gatherRequested = true;
        }
        flushLocalCandidates();
    }

    @Override
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        if (candidate == null || candidate.isBlank()) {
            return;
        }
        synchronized (iceLock) {
            if (layout == null || !layout.remoteApplied()) {
                pendingRemoteCandidates.add(new String[] {candidate, sdpMid, String.valueOf(sdpMLineIndex)});
                return;
            }
        }
        addNow(candidate, sdpMLineIndex, true);
    }

    private void addNow(String candidate, int sdpMLineIndex, boolean strict) {
        WebRtcSdp.Layout current = layout;
        if (sdpMLineIndex < 0 || sdpMLineIndex >= current.mediaCount()) {
            if (strict) {
                throw new MediaException(ErrorCode.ICE_ADD_CANDIDATE_ERROR,
                        "Error adding candidate: sdpMLineIndex " + sdpMLineIndex + " is beyond the " + current.mediaCount() + " local m-lines");
            }
            return;
        }
        if (!current.carriesAudio() || sdpMLineIndex != current.audioIndex()) {
            return; // a rejected m-line: accepted and ignored, as KMS does
        }
        String text = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
        webrtc.addIceCandidate(0, text);
    }

    private void onLocalCandidate(int mLineIndex, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return;
        }
        String shown = ExternalAddress.apply(candidate, ice.externalIPv4(), ice.externalIPv6());
        synchronized (iceLock) {
            localCandidates.add(new String[] {shown});
        }
        flushLocalCandidates();
    }

    private void onGatheringDone() {
        synchronized (iceLock) {
            gatheringDone = true;
        }
        flushLocalCandidates();
    }

    /** Emits the candidates gathered so far once gatherCandidates was asked for and the m-lines are known. */
    private void flushLocalCandidates() {
        List<String> toEmit = new ArrayList<>();
        boolean doneNow = false;
        WebRtcSdp.Layout current;
        synchronized (iceLock) {
            current = layout;
            if (!gatherRequested || current == null || !current.carriesAudio()) {
                return;
            }
            for (String[] c : localCandidates) {
                if (c.length == 1) {
                    toEmit.add(c[0]);
                }
            }
            localCandidates.replaceAll(c -> c.length == 1 ? new String[] {c[0], "emitted"} : c);
            if (gatheringDone && !gatheringDoneReported) {
                gatheringDoneReported = true;
                doneNow = true;
            }
        }
        for (String candidate : toEmit) {
            // One event per bundled m-line; only the audio m-line is in the bundle.
            iceEvents.iceCandidateFound(candidate, current.audioMid(), current.audioIndex());
        }
        if (doneNow) {
            iceEvents.iceGatheringDone();
        }
    }

    private void onPadAdded(Element element, Pad pad) {
        if (pad.getDirection() != PadDirection.SRC) {
            return;
        }
        AudioCodec.Negotiated negotiated = codec;
        synchronized (this) {
            if (decoderBuilt || negotiated == null || isClosed()) {
                linkToFakesink(pad);
                return;
            }
            decoderBuilt = true;
        }
        try {
            AudioCodec received = sentCodec(pad).orElse(negotiated.codec());
            AudioChains.Decoding built = AudioChains.addDecoder(pipeline, outlet,
                    received == AudioCodec.OPUS ? opusOutput() : null, received);
            Pads.link(pad, built.depayloader().getStaticPad("sink"));
            receives(built);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "WebRtcEndpoint " + id + ": cannot decode incoming audio", e);
            events.error("MEDIA_ERROR", 40003, "cannot decode incoming audio: " + e.getMessage());
        }
    }

    /** The codec the peer sends on {@code pad}: any the answer accepted, not only the one this endpoint sends. */
    private static Optional<AudioCodec> sentCodec(Pad pad) {
        Caps caps = pad.getCurrentCaps();
        if (caps == null) {
            return Optional.empty();
        }
        try {
            return caps.size() == 0 || !caps.getStructure(0).hasField("encoding-name") ? Optional.empty()
                    : AudioCodec.ofEncodingName(caps.getStructure(0).getString("encoding-name"));
        } finally {
            caps.dispose();
        }
    }

    /** Streams the endpoint does not carry (a second SSRC) are drained so they cannot stall webrtcbin. */
    private void linkToFakesink(Pad pad) {
        Element sink = org.freedesktop.gstreamer.ElementFactory.make("fakesink", null);
        sink.set("async", false);
        pipeline.add(sink);
        sink.syncStateWithParent();
        try {
            Pads.link(pad, sink.getStaticPad("sink"));
        } catch (PadLinkException e) {
            LOG.log(Level.DEBUG, "cannot drain extra webrtcbin pad", e);
        }
    }

    /**
     * webrtcbin puts a clocksync on each outgoing stream (before its rtpbin and before the ICE sink)
     * that holds every RTP buffer until its running time. Our buffers carry the inlet's continuous
     * timeline, which runs ahead of their arrival by whatever burst arrived when it was anchored
     * (up to AudioInlet's 200 ms bound) plus the pipeline latency opusenc declares (a 20 ms frame,
     * though it encodes each chunk the moment it arrives): each packet to the browser waited that
     * long for nothing, 0-20 ms in the sessions measured (PagePathLatencyTest with a loopback
     * capture), for the whole session. KMS sends what it has encoded at once; so does this
     * endpoint now. The RTP timestamps still follow the continuous timeline, and bursts after a
     * sender stall reach the browser as bursts, which its jitter buffer absorbs.
     */
    private static void unsync(Pointer element) {
        Pointer factory = GstCoreNative.CORE.gst_element_get_factory(element);
        Pointer name = factory == null ? null : GstCoreNative.CORE.gst_object_get_name(factory);
        if (name == null) {
            return;
        }
        try {
            if ("clocksync".equals(name.getString(0))) {
                GLibNative.GOBJECT.g_object_set(element, "sync", false, null);
            }
        } finally {
            GLibMemory.GLIB.g_free(name);
        }
    }

    private void onConnectionState() {
        WebRTCPeerConnectionState state = webrtc.getConnectionState();
        boolean now = state == WebRTCPeerConnectionState.CONNECTED;
        Boolean before = connected;
        if (before == null ? now : before != now) {
            connected = now;
            events.connectionStateChanged(now);
        }
    }

    @Override
    protected void onFlowOut(boolean flowing) {
        // MediaState follows the remote media: connected once it flows, disconnected when it stops.
        if (flowing != mediaConnected) {
            mediaConnected = flowing;
            events.mediaStateChanged(flowing);
        }
    }

    /**
     * Read from webrtcbin's own rtpbin (its child named "rtpbin"), where webrtcbin's get-stats reads
     * too: the RTPSource counters KMS reports. With max-bundle the one carried m-line is session 0.
     */
    @Override
    public List<RtpStreamStats> rtpStats() {
        return gst.call(() -> {
            if (isClosed() || direction == RtpSessionStats.Direction.NONE) {
                return List.of();
            }
            Pointer rtpbin = RtpStatsNative.GST.gst_bin_get_by_name(Natives.getRawPointer(webrtc), "rtpbin");
            if (rtpbin == null) {
                LOG.log(Level.WARNING, "WebRtcEndpoint {0}: webrtcbin has no rtpbin child, no RTP stats", id);
                return List.of();
            }
            try {
                return RtpSessionStats.read(rtpbin, 0, direction);
            } finally {
                RtpStatsNative.GST.gst_object_unref(rtpbin);
            }
        });
    }

    @Override
    protected void releaseMedia() {
        webrtc.disconnect(WebRTCBin.ON_ICE_CANDIDATE.class, onCandidate);
        webrtc.disconnect(onPadAdded);
        signals.disconnectAll();
        nice.close();
    }
}
