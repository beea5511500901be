package dev.parley.rtp;

import dev.parley.rtp.codec.AudioCodecs;
import dev.parley.rtp.pacing.AudioTag;
import dev.parley.rtp.pacing.PacedFrame;
import dev.parley.rtp.pacing.QueuedAudio;
import dev.parley.rtp.pacing.RtpPacer;
import dev.parley.rtp.packet.Goodbye;
import dev.parley.rtp.packet.NtpTime;
import dev.parley.rtp.packet.ReceiverReport;
import dev.parley.rtp.packet.ReportBlock;
import dev.parley.rtp.packet.RtcpPacket;
import dev.parley.rtp.packet.RtpFormatException;
import dev.parley.rtp.packet.SenderReport;
import dev.parley.rtp.rtcp.ReceptionStatistics;
import dev.parley.rtp.rtcp.RtcpReportBuilder;
import dev.parley.rtp.rtcp.SenderStatistics;
import dev.parley.rtp.sdp.AudioOffer;
import dev.parley.rtp.sdp.NegotiatedAudio;
import dev.parley.rtp.sdp.SdpAnswerParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One session's audio link to a Kurento RtpEndpoint.
 *
 * <pre>
 *   open()        binds an even RTP port and RTCP on the next one
 *   sdpOffer()    the offer to give RtpEndpoint.processOffer
 *   start(answer) reads the answer, starts the two threads below
 *
 *   receive thread:  RTP  -> jitter buffer -> decode/conceal -> 16 kHz -> InboundAudioFrame consumer
 *                    RTCP -> reception/remote reports
 *   send thread:     queueAudio(tag) -> RtpPacer (20 ms, monotonic) -> (8 kHz for PCMU) -> encode -> RTP
 *                    -> PlayoutListener.sent(tag, samples) per packet
 *                    (silence between the agent's answers: the stream never pauses, see RtpPacer)
 *                    every rtcpIntervalMillis -> SR/RR + SDES
 *   pause()/resume() hold the queue and send silence; go on from the first unsent sample
 *   flush()          drops everything queued at once (barge-in)
 *   close()          BYE, stops both threads, releases both sockets; on every path
 * </pre>
 *
 * <p>Why one receive thread per bridge instead of one selector shared by all sessions: a session
 * decodes and calls its engine on that thread, so sharing would let one slow session delay every
 * other caller's audio; a voice server runs tens of sessions, not thousands, so two threads each
 * cost little, and a bridge that owns its threads can release them on its own. The receive
 * thread still uses a selector, over just its own RTP and RTCP sockets, so it also wakes up when
 * a jitter-buffer gap times out. Sending has its own thread so that a decode never delays a
 * paced packet.
 *
 * <p>Threads come from the given {@link ThreadFactory} (in Payara: a ManagedThreadFactory).
 */
public final class RtpAudioBridge implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RtpAudioBridge.class.getName());
    private static final int MAX_DATAGRAM = 2_048;

    private final RtpBridgeSettings settings;
    private final RtpSocketPair sockets;
    private final AudioOffer offer;
    private final Consumer<InboundAudioFrame> audioIn;
    private final PlayoutListener playout;
    private final ThreadFactory threads;
    private final BridgeCounterSet counters = new BridgeCounterSet();
    private final SenderStatistics sendStatistics = new SenderStatistics();
    private final Object pacerLock = new Object();
    /**
     * Held by the send thread from a frame's commit until its packet is sent and reported, and by
     * pause() and flush(): so when they return, every packet that went out has been reported.
     * Never held while encoding, so they wait for one socket send at most.
     */
    private final Object sendLock = new Object();
    private final RtpPacer pacer;
    private final AtomicReference<RemoteReport> remoteReport = new AtomicReference<>();
    private volatile long remoteGoodbyeNanos = -1;

    private volatile NegotiatedAudio negotiated;
    private volatile ReceptionStatistics receptionStatistics;
    private volatile boolean closed;
    private Selector selector;
    private Thread receiveThread;
    private volatile Thread sendThread; // read by queueAudio() on the engine's thread
    private volatile OutboundAudioPath outboundPath;
    private RtcpReportBuilder rtcpBuilder;

    private RtpAudioBridge(RtpBridgeSettings settings, RtpSocketPair sockets, Consumer<InboundAudioFrame> audioIn,
                           PlayoutListener playout, ThreadFactory threads) {
        this.settings = settings;
        this.sockets = sockets;
        this.audioIn = audioIn;
        this.playout = playout;
        this.threads = threads;
        this.pacer = new RtpPacer(settings.maxBurstPackets(), true);
        long ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
        this.offer = new AudioOffer(settings.localAddress(), sockets.rtpPort(), settings.profile(), settings.opusPayloadType(),
                settings.formats(), ssrc, "parley-" + UUID.randomUUID(), ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    /**
     * Binds the sockets. Nothing is sent until {@link #start}.
     *
     * @param audioIn  receives the caller's audio, one packet's worth (or one concealed stretch) at a time with its facts,
     *                 on the receive thread: be quick
     * @param playout  hears when queued agent audio goes out
     * @param threads  makes the receive and send threads (in Payara: a ManagedThreadFactory)
     * @throws java.net.BindException if no even/odd port pair is free in the configured range
     */
    public static RtpAudioBridge open(RtpBridgeSettings settings, Consumer<InboundAudioFrame> audioIn, PlayoutListener playout,
                                      ThreadFactory threads) throws IOException {
        RtpSocketPair sockets = RtpSocketPair.bind(settings.localAddress(), settings.minPort(), settings.maxPort());
        try {
            return new RtpAudioBridge(settings, sockets, audioIn, playout, threads);
        } catch (RuntimeException e) {
            sockets.close();
            throw e;
        }
    }

    /** {@link #open(RtpBridgeSettings, Consumer, PlayoutListener, ThreadFactory)} with plain daemon threads. */
    public static RtpAudioBridge open(RtpBridgeSettings settings, Consumer<InboundAudioFrame> audioIn, PlayoutListener playout)
            throws IOException {
        return open(settings, audioIn, playout, runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The SDP offer for the RtpEndpoint (processOffer). */
    public String sdpOffer() {
        return offer.toSdp();
    }

    public AudioOffer offer() {
        return offer;
    }

    public int localRtpPort() {
        return offer.rtpPort();
    }

    /**
     * Applies the RtpEndpoint's answer and starts sending and receiving.
     *
     * @throws dev.parley.rtp.sdp.SdpNegotiationException if the answer rejects audio or has no usable codec
     */
    public synchronized NegotiatedAudio start(String sdpAnswer) {
        if (closed) {
            throw new IllegalStateException("bridge on port " + localRtpPort() + " is closed");
        }
        if (negotiated != null) {
            throw new IllegalStateException("bridge on port " + localRtpPort() + " already started; renegotiation is not supported");
        }
        NegotiatedAudio audio = SdpAnswerParser.parse(sdpAnswer, offer);
        ReceptionStatistics reception = new ReceptionStatistics(audio.format().clockRate());
        InboundAudioPath inbound = new InboundAudioPath(audio, settings.jitterDepthMillis(), audioIn, counters, reception);
        OutboundAudioPath outbound = new OutboundAudioPath(audio,
                AudioCodecs.encoderFor(audio.format(), settings.opusBitrateBitsPerSecond(), settings.opusComplexity()),
                offer.ssrc(), sockets.rtp(), sendStatistics, counters, playout);
        try {
            selector = Selector.open();
            sockets.rtp().register(selector, SelectionKey.OP_READ, Boolean.TRUE);
            sockets.rtcp().register(selector, SelectionKey.OP_READ, Boolean.FALSE);
        } catch (IOException e) {
            closeSelector();
            throw new UncheckedIOException("cannot watch the bridge's sockets on port " + localRtpPort(), e);
        }
        Thread receiver;
        Thread sender;
        try {
            // Both made before either starts: a factory that refuses (a container shutting down) leaves nothing running.
            receiver = threads.newThread(() -> receiveLoop(inbound));
            sender = threads.newThread(() -> sendLoop(outbound));
            if (receiver == null || sender == null) {
                throw new IllegalStateException("the thread factory made no thread for the bridge on port " + localRtpPort());
            }
        } catch (RuntimeException e) {
            closeSelector();
            throw e;
        }
        receiver.setName("parley-rtp-in-" + localRtpPort());
        sender.setName("parley-rtp-out-" + localRtpPort());
        receptionStatistics = reception;
        rtcpBuilder = new RtcpReportBuilder(offer.ssrc(), offer.cname(), audio.format().clockRate(), sendStatistics, reception);
        negotiated = audio;
        outboundPath = outbound;
        receiveThread = receiver;
        sendThread = sender;
        receiver.start();
        sender.start();
        return audio;
    }

    public Optional<NegotiatedAudio> negotiated() {
        return Optional.ofNullable(negotiated);
    }

    /**
     * Queues 16 kHz mono agent audio under {@code tag} behind what is already queued (held audio
     * too); {@link PlayoutListener} reports it by that tag as it goes out.
     */
    public void queueAudio(AudioTag tag, short[] pcm16kMono) {
        NegotiatedAudio audio = negotiated;
        if (audio == null || closed) {
            throw new IllegalStateException("bridge on port " + localRtpPort() + (closed ? " is closed" : " has no SDP answer yet"));
        }
        if (!audio.direction().sends()) {
            throw new IllegalStateException("the answer made audio " + audio.direction() + "; the bridge may not send");
        }
        synchronized (pacerLock) {
            pacer.enqueue(tag, pcm16kMono, System.nanoTime());
        }
        LockSupport.unpark(sendThread);
    }

    /**
     * Drops all queued agent audio now, held audio included, and ends a pause: a packet of it goes
     * out after this returns only if it was committed to the socket before the call, and every
     * packet that went out has been reported to the {@link PlayoutListener} when this returns.
     *
     * @return what was dropped, by tag
     */
    public QueuedAudio flush() {
        QueuedAudio dropped;
        synchronized (sendLock) {
            synchronized (pacerLock) {
                dropped = pacer.flush();
            }
        }
        if (dropped.frames() > 0) {
            counters.flushes.incrementAndGet();
            counters.droppedOnFlush.addAndGet(dropped.frames());
        }
        return dropped;
    }

    /**
     * Stops the agent's audio from the next packet time on (a frame being encoded now does not go
     * out) and keeps it all queued; the stream goes on as silence, with its sequence numbers and
     * timestamps running on, so the far side's jitter buffer sees no new talkspurt. Every packet
     * that went out has been reported when this returns. A second call changes nothing.
     *
     * @return what is held, by tag
     */
    public QueuedAudio pause() {
        synchronized (sendLock) {
            synchronized (pacerLock) {
                return pacer.pause();
            }
        }
    }

    /**
     * Sends the held audio again from its first unsent sample at the next packet time; audio queued
     * during the pause follows it. Does nothing when not paused.
     */
    public void resume() {
        synchronized (pacerLock) {
            pacer.resume(System.nanoTime());
        }
        LockSupport.unpark(sendThread);
    }

    /** Whether {@link #pause()} holds the agent's audio. */
    public boolean paused() {
        synchronized (pacerLock) {
            return pacer.paused();
        }
    }

    /** 20 ms frames still queued. */
    public int queuedFrames() {
        synchronized (pacerLock) {
            return pacer.queuedFrames();
        }
    }

    public BridgeCounters counters() {
        ReceptionStatistics reception = receptionStatistics;
        long stalls;
        synchronized (pacerLock) {
            stalls = pacer.stallCount();
        }
        return counters.snapshot(reception == null ? 0 : reception.cumulativeLost(), stalls,
                reception == null ? 0 : reception.maxJitterMillis());
    }

    /** Monotonic time the last RTP packet of agent audio (not silence) left the bridge, or -1 before the first. */
    public long lastPacketSentNanos() {
        OutboundAudioPath outbound = outboundPath;
        return outbound == null ? -1 : outbound.lastAudioSentNanos();
    }

    /** What the far side last said about the bridge's stream in an SR or RR. */
    public Optional<RemoteReport> remoteReport() {
        return Optional.ofNullable(remoteReport.get());
    }

    /**
     * When the far side said RTCP BYE (its endpoint was released or the media server shuts down),
     * on the monotonic clock; empty while it has not. The orchestration can end the session on it.
     */
    public java.util.OptionalLong remoteGoodbyeNanos() {
        long at = remoteGoodbyeNanos;
        return at < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    /** Sends a BYE, stops both threads and releases both sockets. Safe to call more than once and from any thread. */
    @Override
    public void close() {
        Thread receiver;
        Thread sender;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            receiver = receiveThread;
            sender = sendThread;
        }
        try {
            if (sender != null) {
                LockSupport.unpark(sender);
                join(sender);
                sendGoodbye();
            }
            if (receiver != null) {
                Selector s = selector;
                if (s != null) {
                    s.wakeup();
                }
                join(receiver);
            }
        } finally {
            closeSelector();
            sockets.close();
        }
    }

    private void join(Thread thread) {
        try {
            thread.join(settings.closeTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1} ms; its sockets are closed anyway", thread.getName(),
                    settings.closeTimeoutMillis());
        }
    }

    private void closeSelector() {
        Selector s = selector;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
            }
        }
    }

    private void receiveLoop(InboundAudioPath inbound) {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (!closed) {
                long deadline = inbound.nextDeadlineNanos();
                long now = System.nanoTime();
                if (deadline != Long.MAX_VALUE && deadline <= now) {
                    inbound.onTimer(now);
                    continue;
                }
                long timeoutMillis = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - now + 999_999) / 1_000_000);
                selector.select(timeoutMillis);
                if (closed) {
                    break;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    boolean isRtp = (Boolean) key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    while (true) {
                        buffer.clear();
                        if (channel.receive(buffer) == null) {
                            break;
                        }
                        long arrival = System.nanoTime();
                        try {
                            if (isRtp) {
                                inbound.onDatagram(buffer.array(), buffer.position(), arrival);
                            } else {
                                onRtcp(buffer.array(), buffer.position(), arrival);
                            }
                        } catch (RuntimeException e) {
                            // One bad packet (a codec failure, a consumer bug) must not end the session's audio.
                            counters.malformed.incrementAndGet();
                            LOG.log(System.Logger.Level.WARNING, "RTP datagram on port " + localRtpPort() + " dropped", e);
                        }
                    }
                }
                selector.selectedKeys().clear();
                inbound.onTimer(System.nanoTime());
            }
        } catch (ClosedSelectorException | java.nio.channels.ClosedChannelException e) {
            // close() won the race: nothing left to do
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.ERROR, "RTP receive on port " + localRtpPort() + " stopped", e);
            }
        }
    }

    private void sendLoop(OutboundAudioPath outbound) {
        long interval = settings.rtcpIntervalMillis() * 1_000_000L;
        // The first report goes out after a short random delay (RFC 3550 §6.2 spreads them), then every interval.
        long nextRtcp = System.nanoTime() + interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2);
        boolean sends = negotiated.direction().sends(); // else not even silence may go out, only RTCP
        try {
            while (!closed) {
                long now = System.nanoTime();
                PacedFrame frame = null;
                long nextDue = Long.MAX_VALUE;
                if (sends) {
                    synchronized (pacerLock) {
                        frame = pacer.peekDue(now);
                        nextDue = pacer.nextDueNanos();
                    }
                }
                if (frame != null) {
                    // Encode outside the lock so flush() never waits for the codec; commit decides whether it still goes out.
                    byte[] payload = outbound.encode(frame);
                    synchronized (sendLock) {
                        boolean stillWanted;
                        synchronized (pacerLock) {
                            stillWanted = pacer.commit(frame);
                        }
                        if (stillWanted) {
                            try {
                                outbound.transmit(frame, payload, System::nanoTime);
                            } catch (java.nio.channels.ClosedChannelException e) {
                                throw e;
                            } catch (IOException e) {
                                onSendError("RTP", e); // e.g. no route for a moment: keep pacing, the next packet may pass
                            }
                        }
                    }
                }
                if (now >= nextRtcp) {
                    try {
                        sendReport();
                    } catch (java.nio.channels.ClosedChannelException e) {
                        throw e;
                    } catch (IOException e) {
                        onSendError("RTCP", e);
                    }
                    nextRtcp += interval;
                    if (nextRtcp <= now) {
                        nextRtcp = now + interval;
                    }
                }
                if (frame != null) {
                    continue; // another frame may be due already (catching up after a stall)
                }
                long sleep = Math.min(nextDue, nextRtcp) - System.nanoTime();
                if (sleep > 0 && !closed) {
                    LockSupport.parkNanos(this, sleep); // queueAudio() and close() unpark early
                }
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            // close() won the race
        } catch (RuntimeException e) {
            // Other IOExceptions never get here: a failed send is counted in the loop and pacing goes on.
            if (!closed) {
                LOG.log(System.Logger.Level.ERROR, "RTP send on port " + localRtpPort() + " stopped", e);
            }
        }
    }

    private void onSendError(String what, IOException e) {
        if (counters.sendErrors.getAndIncrement() == 0) {
            LOG.log(System.Logger.Level.WARNING, what + " send from port " + localRtpPort() + " to " + negotiated.remoteRtp()
                    + " failed; counting further failures silently", e);
        }
    }

    private void sendReport() throws IOException {
        byte[] report = rtcpBuilder.report(System.nanoTime(), wallclockNanos());
        sockets.rtcp().send(ByteBuffer.wrap(report), negotiated.remoteRtcp());
        counters.rtcpSent.incrementAndGet();
    }

    private void sendGoodbye() {
        NegotiatedAudio audio = negotiated;
        if (audio == null || rtcpBuilder == null) {
            return;
        }
        try {
            byte[] bye = rtcpBuilder.goodbye(System.nanoTime(), wallclockNanos(), "session ended");
            sockets.rtcp().send(ByteBuffer.wrap(bye), audio.remoteRtcp());
            counters.rtcpSent.incrementAndGet();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "RTCP BYE not sent", e);
        }
    }

    private void onRtcp(byte[] data, int length, long arrivalNanos) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpPacket.parseCompound(data, 0, length);
        } catch (RtpFormatException e) {
            counters.malformed.incrementAndGet();
            return;
        }
        counters.rtcpReceived.incrementAndGet();
        for (RtcpPacket packet : packets) {
            List<ReportBlock> blocks = List.of();
            if (packet instanceof SenderReport sr) {
                receptionStatistics.onSenderReport(sr, arrivalNanos);
                blocks = sr.reports();
            } else if (packet instanceof ReceiverReport rr) {
                blocks = rr.reports();
            } else if (packet instanceof Goodbye bye && bye.ssrcs().contains(receptionStatistics.sourceSsrc())) {
                remoteGoodbyeNanos = arrivalNanos;
            }
            for (ReportBlock block : blocks) {
                if (block.ssrc() == offer.ssrc()) {
                    remoteReport.set(new RemoteReport(block, roundTripNanos(block), arrivalNanos));
                }
            }
        }
    }

    /** RFC 3550 §6.4.1: A - LSR - DLSR in 1/65536 s, from the wallclock's compact NTP time. */
    private static long roundTripNanos(ReportBlock block) {
        if (block.lastSenderReport() == 0) {
            return -1;
        }
        long nowCompact = NtpTime.compact(NtpTime.fromUnixNanos(wallclockNanos()));
        long rtt = (nowCompact - block.lastSenderReport() - block.delaySinceLastSenderReport()) & 0xFFFFFFFFL;
        return rtt * 1_000_000_000L >>> 16;
    }

    private static long wallclockNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** For tests and diagnostics: where the bridge sends RTP. */
    InetSocketAddress remoteRtp() {
        return negotiated.remoteRtp();
    }
}
