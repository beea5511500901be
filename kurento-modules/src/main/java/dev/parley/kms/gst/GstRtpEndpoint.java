package dev.parley.kms.gst;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaEventSink;
import dev.parley.kms.media.MediaException;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.RtpStreamStats;

import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadLinkException;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * RtpEndpoint: plain RTP/RTCP over UDP through rtpbin (RTCP sender and receiver reports), Opus or
 * PCMU audio, RTP on an even port and RTCP on the next, sent from the same sockets it receives on.
 *
 * <pre>
 *   in (raw) ─▶ encoder ─▶ payloader ─▶ rtpbin ─▶ udpsink (RTP)  ──▶ remote c=:port
 *   in-opus ──────────────┘              rtpbin ─▶ udpsink (RTCP) ──▶ remote a=rtcp or port+1
 *   out (raw) ◀─ decoder ◀─ depayloader ◀─ rtpbin ◀─ udpsrc (RTP, even port) / udpsrc (RTCP, odd port)
 *   out-opus ◀──────────────┘
 * </pre>
 *
 * With Opus, packets pass through to and from other elements that carry Opus ({@link AudioInlet#opus}).
 */
final class GstRtpEndpoint extends GstElementMedia implements RtpMedia {
    private static final Logger LOG = System.getLogger(GstRtpEndpoint.class.getName());
    /** rtpbin's jitter buffer, as for WebRTC: conversation latency over robustness. */
    private static final int JITTER_BUFFER_MILLIS = 50;

    interface SsrcCallback extends Callback {
        void invoke(Pointer rtpbin, int session, int ssrc, Pointer data);
    }

    private final RtpOptions options;
    private final GstEngineConfig config;
    private final RtpPorts ports;
    private final NativeSignals signals = new NativeSignals();
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private RtpPorts.Pair pair;
    private String ownOffer;
    private boolean ownOfferHasAudio;
    private volatile AudioCodec decoding;
    private volatile boolean decoderBuilt;
    private volatile boolean mediaConnected;
    /** Set on the GStreamer thread once negotiated; read there by {@link #rtpStats()}. */
    private Element rtpbin;
    private RtpSessionStats.Direction direction = RtpSessionStats.Direction.NONE;

    GstRtpEndpoint(String id, RtpOptions options, GstThread gst, MediaEventSink events, FlowClock flowClock,
                   Consumer<GstElementMedia> onClosed, GstEngineConfig config, RtpPorts ports) {
        super(id, gst, events, flowClock, onClosed);
        this.options = options;
        this.config = config;
        this.ports = ports;
    }

    @Override
    public String processOffer(String offer) {
        return gst.call(() -> {
            Sdp remote = Sdp.parse(offer);
            int audioIndex = -1;
            AudioCodec.Negotiated codec = null;
            for (int i = 0; i < remote.media.size() && codec == null; i++) {
                Sdp.Media m = remote.media.get(i);
                if (m.kind().equals("audio") && m.port() != 0) {
                    Optional<AudioCodec.Negotiated> supported = AudioCodec.firstSupported(m);
                    if (supported.isPresent()) {
                        audioIndex = i;
                        codec = supported.get();
                    }
                }
            }
            if (codec == null) {
                return RtpSdp.answer(remote, -1, local(0));
            }
            pair = ports.allocate(options.useIpv6());
            Sdp.Media audio = remote.media.get(audioIndex);
            String answer = RtpSdp.answer(remote, audioIndex, local(pair.rtpPort()));
            String ourDirection = RtpSdp.mirror(audio.direction());
            start(codec, RtpSdp.remoteOf(remote, audio), ourDirection);
            return answer;
        });
    }

    @Override
    public String generateOffer(boolean offerAudio, boolean offerVideo) {
        return gst.call(() -> {
            if (offerAudio) {
                pair = ports.allocate(options.useIpv6());
            }
            ownOfferHasAudio = offerAudio;
            ownOffer = RtpSdp.offer(offerAudio, offerVideo, local(offerAudio ? pair.rtpPort() : 0));
            return ownOffer;
        });
    }

    @Override
    public String processAnswer(String answer) {
        return gst.call(() -> {
            if (ownOffer == null) {
                throw new MediaException(ErrorCode.SDP_END_POINT_NOT_OFFER_GENERATED, "Offer not generated. It is not possible to process an answer.");
            }
            Sdp remote = Sdp.parse(answer);
            if (ownOfferHasAudio && !remote.media.isEmpty() && remote.media.get(0).port() != 0) {
                Sdp.Media audio = remote.media.get(0);
                AudioCodec.Negotiated codec = AudioCodec.firstSupported(audio).orElseThrow(() ->
                        new MediaException(ErrorCode.SDP_END_POINT_PROCESS_ANSWER_ERROR, "the answer's audio m-line accepts none of the offered codecs"));
                start(codec, RtpSdp.remoteOf(remote, audio), RtpSdp.mirror(audio.direction()));
            }
            return ownOffer;
        });
    }

    private RtpSdp.Local local(int rtpPort) {
        List<String> addresses = LocalAddresses.resolve(config.localAddresses());
        String address = options.useIpv6() ? LocalAddresses.firstIpv6(addresses) : LocalAddresses.firstIpv4(addresses);
        return new RtpSdp.Local(address, options.useIpv6(), rtpPort, sessionId, ssrc);
    }

    private static boolean sends(String ourDirection) {
        return ourDirection.equals("sendrecv") || ourDirection.equals("sendonly");
    }

    /** Builds the RTP graph for the negotiated codec and starts it. Runs on the GStreamer thread. */
    private void start(AudioCodec.Negotiated codec, Optional<RtpSdp.Remote> remote, String ourDirection) {
        boolean send = sends(ourDirection);
        decoding = codec.codec();
        rtpbin = ElementFactory.make("rtpbin", "rtpbin");
        direction = RtpSessionStats.Direction.of(ourDirection);
        rtpbin.set("latency", JITTER_BUFFER_MILLIS);
        pipeline.add(rtpbin);
        Element rtpIn = udpSource("rtp-in", pair.rtpSocket(), codec.rtpCaps());
        Element rtcpIn = udpSource("rtcp-in", pair.rtcpSocket(), "application/x-rtcp");
        link(rtpIn, "src", rtpbin, "recv_rtp_sink_0");
        link(rtcpIn, "src", rtpbin, "recv_rtcp_sink_0");
        rtpbin.connect((Element.PAD_ADDED) this::onPadAdded);
        Pointer rtpbinPointer = Natives.getRawPointer(rtpbin);
        signals.connect(rtpbinPointer, "on-ssrc-active", (SsrcCallback) (b, session, source, d) -> mediaState(true));
        signals.connect(rtpbinPointer, "on-bye-ssrc", (SsrcCallback) (b, session, source, d) -> mediaState(false));
        signals.connect(rtpbinPointer, "on-timeout", (SsrcCallback) (b, session, source, d) -> mediaState(false));
        AudioInlet opus = null;
        if (remote.isPresent() && remote.get().canSend()) {
            RtpSdp.Remote to = remote.get();
            if (send) {
                opus = codec.codec() == AudioCodec.OPUS ? opusInput() : null;
                Element payloader = AudioChains.addEncoder(pipeline, inlet, opus, codec, false);
                payloader.set("ssrc", (int) ssrc);
                link(payloader, "src", rtpbin, "send_rtp_sink_0");
                link(rtpbin, "send_rtp_src_0", udpSink("rtp-out", pair.rtpSocket(), to.address(), to.rtpPort()), "sink");
                inlet.open();
            }
            link(rtpbin, "send_rtcp_src_0", udpSink("rtcp-out", pair.rtcpSocket(), to.address(), to.rtcpPort()), "sink");
        }
        if (pipeline.play() == StateChangeReturn.FAILURE) {
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, "RtpEndpoint " + id + " does not start");
        }
        if (opus != null) {
            sendsOpus();
        }
        events.connectionStateChanged(true);
    }

    private Element udpSource(String name, Pointer socket, String caps) {
        Element source = ElementFactory.make("udpsrc", name);
        GLibNative.GOBJECT.g_object_set(Natives.getRawPointer(source), "socket", socket, null);
        source.set("close-socket", false);
        source.set("caps", new Caps(caps));
        pipeline.add(source);
        return source;
    }

    private Element udpSink(String name, Pointer socket, String host, int port) {
        Element sink = ElementFactory.make("udpsink", name);
        GLibNative.GOBJECT.g_object_set(Natives.getRawPointer(sink), "socket", socket, null);
        sink.set("close-socket", false);
        sink.set("host", host);
        sink.set("port", port);
        sink.set("sync", false);
        sink.set("async", false);
        pipeline.add(sink);
        return sink;
    }

    private static void link(Element from, String fromPad, Element to, String toPad) {
        if (!Element.linkPads(from, fromPad, to, toPad)) {
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, "cannot link " + from.getName() + "." + fromPad + " to " + to.getName() + "." + toPad);
        }
    }

    private void onPadAdded(Element rtpbin, Pad pad) {
        if (!pad.getName().startsWith("recv_rtp_src_")) {
            return;
        }
        synchronized (this) {
            if (decoderBuilt || isClosed()) {
                drain(pad);
                return;
            }
            decoderBuilt = true;
        }
        try {
            AudioChains.Decoding built = AudioChains.addDecoder(pipeline, outlet,
                    decoding == AudioCodec.OPUS ? opusOutput() : null, decoding);
            Pads.link(pad, built.depayloader().getStaticPad("sink"));
            receives(built);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "RtpEndpoint " + id + ": cannot decode incoming audio", e);
            events.error("MEDIA_ERROR", 40003, "cannot decode incoming audio: " + e.getMessage());
        }
    }

    /** A second remote SSRC is drained: one input per endpoint, as KMS's single audio source. */
    private void drain(Pad pad) {
        Element sink = ElementFactory.make("fakesink", null);
        sink.set("async", false);
        pipeline.add(sink);
        sink.syncStateWithParent();
        try {
            Pads.link(pad, sink.getStaticPad("sink"));
        } catch (PadLinkException e) {
            LOG.log(Level.DEBUG, "cannot drain extra RTP stream", e);
        }
    }

    private synchronized void mediaState(boolean connected) {
        if (connected != mediaConnected) {
            mediaConnected = connected;
            events.mediaStateChanged(connected);
        }
    }

    @Override
    public List<RtpStreamStats> rtpStats() {
        return gst.call(() -> rtpbin == null || isClosed() ? List.of()
                : RtpSessionStats.read(Natives.getRawPointer(rtpbin), 0, direction));
    }

    /** The RTP port this endpoint bound, 0 before negotiation (tests and resource counts). */
    int rtpPort() {
        RtpPorts.Pair current = pair;
        return current == null ? 0 : current.rtpPort();
    }

    @Override
    protected void releaseMedia() {
        signals.disconnectAll();
        rtpbin = null;
        if (pair != null) {
            ports.release(pair);
            pair = null;
        }
    }
}
