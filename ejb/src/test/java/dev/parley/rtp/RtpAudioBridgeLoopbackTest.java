package dev.parley.rtp;

import dev.parley.rtp.pacing.AudioTag;
import dev.parley.rtp.pacing.QueuedAudio;
import dev.parley.rtp.packet.RtpPacket;
import dev.parley.rtp.sdp.RtpAudioFormat;
import dev.parley.rtp.sdp.SdpNegotiationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real bridges talking over 127.0.0.1 (run inside a loopback-only network namespace). Prints
 * the latency and flush numbers it sees; asserts content, counts and order, never speed.
 */
class RtpAudioBridgeLoopbackTest {

    private static final double TONE_AMPLITUDE = 8000;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RtpAudioBridge open(RtpBridgeSettings settings, FrameRecorder recorder, PlayoutListener listener) throws IOException {
        RtpAudioBridge bridge = RtpAudioBridge.open(settings, recorder, listener);
        toClose.add(bridge);
        return bridge;
    }

    /** Each bridge's offer is a valid answer for the other: that is how two bridges meet without a media server. */
    private static void connect(RtpAudioBridge a, RtpAudioBridge b) {
        String offerA = a.sdpOffer();
        a.start(b.sdpOffer());
        b.start(offerA);
    }

    private static short[] tone16k(double frequency, int millis) {
        return Signals.tone(frequency, 16_000, millis * 16, TONE_AMPLITUDE);
    }

    @ParameterizedTest
    @EnumSource(RtpAudioFormat.class)
    void toneCrossesBothWaysBetweenTwoBridges(RtpAudioFormat format) throws Exception {
        RtpBridgeSettings settings = RtpBridgeSettings.defaults().withFormats(List.of(format));
        FrameRecorder heardByA = new FrameRecorder();
        FrameRecorder heardByB = new FrameRecorder();
        ConcurrentLinkedQueue<String> playout = new ConcurrentLinkedQueue<>();
        long[] firstOut = {-1};
        PlayoutListener listener = (tag, samples, nanos) -> {
            playout.add(tag.chunk() + ":" + samples);
            if (firstOut[0] < 0) {
                firstOut[0] = nanos;
            }
        };
        RtpAudioBridge a = open(settings, heardByA, listener);
        RtpAudioBridge b = open(settings, heardByB, PlayoutListener.NONE);
        connect(a, b);
        assertEquals(format, a.negotiated().orElseThrow().format());

        long queuedAt = System.nanoTime();
        // Five 200 ms chunks, as TTS would stream them: they must join into one continuous tone.
        short[] toneForB = tone16k(1000, 1000);
        for (int c = 0; c < 5; c++) {
            a.queueAudio(new AudioTag(7, c), java.util.Arrays.copyOfRange(toneForB, c * 3200, (c + 1) * 3200));
        }
        b.queueAudio(new AudioTag(1, 0), tone16k(600, 1000));
        // Both streams run on silence from the start; the tones are 50 loud frames each within them.
        double loud = TONE_AMPLITUDE / 4;
        assertTrue(heardByB.awaitLoudFrames(48, loud, 5_000) >= 48, "B heard " + heardByB.loudFrames(loud) + " loud frames");
        assertTrue(heardByA.awaitLoudFrames(48, loud, 5_000) >= 48, "A heard " + heardByA.loudFrames(loud) + " loud frames");
        Thread.sleep(100);

        short[] atB = heardByB.samples(heardByB.firstLoudFrame(loud) + 5);
        assertEquals(1000, Signals.dominantFrequency(atB, 0, 40 * 320, 16_000), 10);
        assertTrue(Signals.amplitudeAt(atB, 0, 40 * 320, 1000, 16_000) > TONE_AMPLITUDE * 0.7, "level kept");
        assertEquals(600, Signals.dominantFrequency(heardByA.samples(heardByA.firstLoudFrame(loud) + 5), 0, 40 * 320, 16_000), 10);
        assertTrue(heardByB.frames().subList(0, heardByB.firstLoudFrame(loud)).stream().allMatch(f -> Signals.rms(f.samples()) < 30),
                "what came before the tone was silence");

        a.close(); // A's stream stops, so B's count can be compared with what A sent
        Thread.sleep(100);
        BridgeCounters sentByA = a.counters();
        BridgeCounters receivedByB = b.counters();
        assertEquals(50, sentByA.sent(), "the tone's packets; silence is counted apart");
        assertTrue(sentByA.silenceSent() > 0, "silence filled the stream while A had nothing queued");
        assertEquals(sentByA.sent() + sentByA.silenceSent(), receivedByB.received(), "B received every packet A sent");
        assertEquals(0, receivedByB.lost());
        assertEquals(0, receivedByB.concealed());
        List<String> perPacket = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            for (int p = 0; p < 10; p++) {
                perPacket.add(c + ":320"); // 200 ms chunks fill whole packets: one report per packet, in order
            }
        }
        assertEquals(perPacket, List.copyOf(playout));

        long heardAt = heardByB.firstLoudFrameNanos(TONE_AMPLITUDE / 4);
        System.out.printf("[rtp-bench] %s loopback: queueAudio -> first packet out %.2f ms, -> first loud 20 ms frame at the other"
                        + " bridge %.2f ms%n", format, (firstOut[0] - queuedAt) / 1e6, (heardAt - queuedAt) / 1e6);
    }

    @Test
    void flushStopsOutputWithinOnePacket() throws Exception {
        FrameRecorder heardByB = new FrameRecorder();
        RtpAudioBridge a = open(RtpBridgeSettings.defaults(), new FrameRecorder(), PlayoutListener.NONE);
        RtpAudioBridge b = open(RtpBridgeSettings.defaults(), heardByB, PlayoutListener.NONE);
        connect(a, b);
        AudioTag chunk = new AudioTag(3, 1);
        a.queueAudio(chunk, tone16k(1000, 3000));
        heardByB.awaitLoudFrames(10, TONE_AMPLITUDE / 4, 5_000);

        long flushAt = System.nanoTime();
        QueuedAudio report = a.flush();
        long sentAtFlush = a.counters().sent();
        Thread.sleep(300);
        long sentAfter = a.counters().sent();
        List<InboundAudioFrame> frames = heardByB.frames();
        long lastHeard = frames.stream().filter(f -> Signals.rms(f.samples()) > TONE_AMPLITUDE / 4)
                .mapToLong(InboundAudioFrame::deliveredNanos).max().orElse(-1);
        long lastSent = a.lastPacketSentNanos();

        assertTrue(sentAfter - sentAtFlush <= 1, "at most the packet being encoded goes out after a flush, sent "
                + (sentAfter - sentAtFlush));
        a.close(); // the silence after the flush stops too, so B's count can be compared with A's
        Thread.sleep(100);
        assertEquals(a.counters().sent() + a.counters().silenceSent(), b.counters().received(), "B heard exactly what A sent");
        List<InboundAudioFrame> afterFlush = frames.stream().filter(f -> f.deliveredNanos() > flushAt + 100_000_000L).toList();
        assertTrue(afterFlush.size() >= 5 && afterFlush.stream().allMatch(f -> Signals.rms(f.samples()) < 30),
                "silence went on after the flush: " + afterFlush.size() + " frames, loudest rms "
                        + afterFlush.stream().mapToDouble(f -> Signals.rms(f.samples())).max().orElse(-1));
        assertEquals(1, report.byTag().size());
        assertEquals(chunk, report.byTag().get(0).tag());
        assertEquals(report.samples(), report.byTag().get(0).samples());
        assertEquals(48_000, report.samples() + sentAtFlush * 320, "every sample was either sent or dropped");
        assertEquals(report.frames(), a.counters().droppedOnFlush());
        assertEquals(0, a.queuedFrames());
        System.out.printf("[rtp-bench] flush: %d frames dropped, %d packets after flush() returned, last packet sent %.2f ms and"
                        + " last audio delivered by the receiver %.2f ms after flush() was called%n", report.frames(),
                sentAfter - sentAtFlush, (lastSent - flushAt) / 1e6, (lastHeard - flushAt) / 1e6);
    }

    @Test
    void rtcpReportsFlowBothWaysAndDescribeTheStream() throws Exception {
        RtpBridgeSettings settings = RtpBridgeSettings.defaults().withRtcpIntervalMillis(200);
        FrameRecorder heardByB = new FrameRecorder();
        RtpAudioBridge a = open(settings, new FrameRecorder(), PlayoutListener.NONE);
        RtpAudioBridge b = open(settings, heardByB, PlayoutListener.NONE);
        connect(a, b);
        a.queueAudio(new AudioTag(1, 0), tone16k(1000, 600));
        heardByB.awaitFrames(30, 5_000);
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline
                && (a.remoteReport().isEmpty() || a.remoteReport().get().roundTripNanos() < 0
                || a.remoteReport().get().block().extendedHighestSeq() == 0 || b.counters().rtcpReceived() < 3)) {
            Thread.sleep(50);
        }
        RemoteReport aboutA = a.remoteReport().orElseThrow();
        assertEquals(a.offer().ssrc(), aboutA.block().ssrc());
        assertEquals(0, aboutA.block().cumulativeLost());
        assertEquals(0, aboutA.block().fractionLost());
        assertTrue(aboutA.roundTripNanos() >= 0 && aboutA.roundTripNanos() < 1_000_000_000L, "RTT " + aboutA.roundTripNanos());
        assertTrue(b.counters().rtcpReceived() >= 3 && a.counters().rtcpSent() >= 3);
        System.out.printf("[rtp-bench] RTCP round trip over loopback (RFC 3550 LSR/DLSR): %.2f ms%n", aboutA.roundTripNanos() / 1e6);
    }

    @Test
    void reorderedDuplicatedAndLostPacketsAreRepairedOnTheWire() throws Exception {
        FrameRecorder heard = new FrameRecorder();
        RtpAudioBridge bridge = open(RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.PCMU)), heard,
                PlayoutListener.NONE);
        try (DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress("127.0.0.1", 0));
            int senderPort = ((InetSocketAddress) sender.getLocalAddress()).getPort();
            bridge.start("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + senderPort + " RTP/AVP 0\r\n");
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", bridge.localRtpPort());
            short[] tone = Signals.tone(1000, 8000, 160 * 40, TONE_AMPLITUDE);
            // 40 packets; 10 and 11 swap places, 20 comes twice, 30 never comes.
            int[] order = new int[39];
            for (int i = 0, seq = 0; seq < 40; seq++) {
                if (seq != 30) {
                    order[i++] = seq;
                }
            }
            order[10] = 11;
            order[11] = 10;
            List<Integer> wire = new ArrayList<>();
            for (int seq : order) {
                wire.add(seq);
                if (seq == 20) {
                    wire.add(20);
                }
            }
            for (int seq : wire) {
                byte[] payload = dev.parley.rtp.codec.G711Mulaw.encode(java.util.Arrays.copyOfRange(tone, seq * 160, seq * 160 + 160));
                sender.send(ByteBuffer.wrap(RtpPacket.of(seq == 0, 0, 1000 + seq, 5000 + seq * 160L, 4242, payload).toBytes()), target);
                if (seq != 11) { // 11 and 10 leave back to back, so only their order differs, never their timing
                    Thread.sleep(seq % 5 == 0 ? 20 : 2); // bursty arrival
                }
            }
            sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), target); // not RTP at all
            sender.send(ByteBuffer.wrap(RtpPacket.of(false, 13, 2000, 0, 4242, new byte[1]).toBytes()), target); // comfort noise
            heard.awaitFrames(40, 3_000);
            Thread.sleep(100);
        }
        BridgeCounters counters = bridge.counters();
        assertEquals(40, heard.count(), "39 packets plus one concealed, each 20 ms");
        assertEquals(40, counters.received(), "39 distinct packets and one duplicate");
        assertEquals(1, counters.duplicates());
        assertEquals(0, counters.lost(), "RFC 3550 A.3: expected minus received, so the duplicate offsets the loss");
        assertEquals(1, counters.concealed());
        assertEquals(0, counters.late());
        assertEquals(1, counters.malformed());
        assertEquals(1, counters.otherPayloadTypes());
        List<InboundAudioFrame> frames = heard.frames();
        assertTrue(frames.get(30).concealed() && !frames.get(29).concealed() && !frames.get(31).concealed(),
                "only the lost packet's frame is concealed");
        short[] samples = heard.samples(1);
        assertEquals(1000, Signals.dominantFrequency(samples, 0, 28 * 320, 16_000), 10, "reordering kept the tone intact");
    }

    @Test
    void aNewSourceRestartsTheReceivePathAndAByeIsNoticed() throws Exception {
        FrameRecorder heard = new FrameRecorder();
        RtpAudioBridge bridge = open(RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.PCMU)), heard,
                PlayoutListener.NONE);
        try (DatagramChannel peer = DatagramChannel.open(); DatagramChannel peerRtcp = DatagramChannel.open()) {
            peer.bind(new InetSocketAddress("127.0.0.1", 0));
            int peerPort = ((InetSocketAddress) peer.getLocalAddress()).getPort();
            bridge.start("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + peerPort + " RTP/AVP 0\r\n");
            InetSocketAddress rtp = new InetSocketAddress("127.0.0.1", bridge.localRtpPort());
            short[] tone = Signals.tone(1000, 8000, 160 * 20, TONE_AMPLITUDE);
            for (int i = 0; i < 20; i++) {
                long ssrc = i < 10 ? 111 : 222; // the far side restarts with a new SSRC and new numbering
                int seq = i < 10 ? 500 + i : 9000 + i;
                byte[] payload = dev.parley.rtp.codec.G711Mulaw.encode(java.util.Arrays.copyOfRange(tone, i * 160, i * 160 + 160));
                peer.send(ByteBuffer.wrap(RtpPacket.of(false, 0, seq, i * 160L, ssrc, payload).toBytes()), rtp);
                Thread.sleep(5);
            }
            heard.awaitFrames(20, 3_000);
            assertTrue(bridge.remoteGoodbyeNanos().isEmpty());
            byte[] bye = dev.parley.rtp.packet.RtcpPacket.compound(List.of(
                    new dev.parley.rtp.packet.ReceiverReport(222, List.of()), new dev.parley.rtp.packet.Goodbye(List.of(222L), "bye")));
            peerRtcp.send(ByteBuffer.wrap(bye), new InetSocketAddress("127.0.0.1", bridge.localRtpPort() + 1));
            long deadline = System.currentTimeMillis() + 3_000;
            while (bridge.remoteGoodbyeNanos().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }
        BridgeCounters counters = bridge.counters();
        assertEquals(20, heard.count(), "both sources' audio, nothing concealed: " + counters);
        assertEquals(1, counters.sourceChanges());
        assertEquals(0, counters.concealed());
        assertEquals(0, counters.lost(), "statistics restart with the new source");
        assertTrue(bridge.remoteGoodbyeNanos().isPresent(), "the BYE was noticed");
    }

    @Test
    void theStreamRunsOnSilenceFromTheAnswerOnButNeverTowardsAPeerThatOnlySends() throws Exception {
        try (DatagramChannel listener = DatagramChannel.open(); DatagramChannel sendOnlyPeer = DatagramChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            sendOnlyPeer.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            sendOnlyPeer.configureBlocking(false);
            RtpAudioBridge streaming = open(RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.PCMU)), new FrameRecorder(),
                    PlayoutListener.NONE);
            RtpAudioBridge receiving = open(RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.PCMU)), new FrameRecorder(),
                    PlayoutListener.NONE);
            streaming.start("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + ((InetSocketAddress) listener.getLocalAddress()).getPort()
                    + " RTP/AVP 0\r\n");
            receiving.start("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + ((InetSocketAddress) sendOnlyPeer.getLocalAddress()).getPort()
                    + " RTP/AVP 0\r\na=sendonly\r\n");
            Thread.sleep(400);

            List<RtpPacket> heard = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (listener.receive(buffer.clear()) != null) {
                heard.add(RtpPacket.parse(buffer.array(), 0, buffer.position()));
            }
            assertTrue(heard.size() >= 5, "silence every 20 ms with nothing queued, got " + heard.size() + " packets");
            assertTrue(heard.get(0).marker() && heard.stream().skip(1).noneMatch(RtpPacket::marker), "one talkspurt: the stream's start");
            for (int i = 1; i < heard.size(); i++) {
                assertEquals((heard.get(i - 1).sequenceNumber() + 1) & 0xFFFF, heard.get(i).sequenceNumber());
                assertEquals(160, (heard.get(i).timestamp() - heard.get(i - 1).timestamp()) & 0xFFFFFFFFL, "20 ms apart on the media clock");
            }
            assertTrue(heard.stream().allMatch(p -> p.payload().length == 160 && allBytes(p.payload(), (byte) 0xFF)), "PCMU silence");
            assertEquals(0, streaming.counters().sent());
            assertEquals(heard.size(), streaming.counters().silenceSent(), 2.0, "every silence packet counted");

            assertTrue(sendOnlyPeer.receive(buffer.clear()) == null, "nothing, not even silence, towards a peer that only sends");
            assertEquals(0, receiving.counters().silenceSent());
        }
    }

    private static boolean allBytes(byte[] data, byte value) {
        for (byte b : data) {
            if (b != value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void closeReleasesSocketsAndThreadsOnEveryPath() throws Exception {
        RtpAudioBridge neverStarted = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE);
        int unusedPort = neverStarted.localRtpPort();
        neverStarted.close();
        assertPortsFree(unusedPort);

        RtpAudioBridge badAnswer = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE);
        int badPort = badAnswer.localRtpPort();
        assertThrows(SdpNegotiationException.class, () -> badAnswer.start("v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 0 RTP/AVP 96\r\n"));
        badAnswer.close();
        assertPortsFree(badPort);

        RtpAudioBridge a = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE);
        RtpAudioBridge b = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE);
        connect(a, b);
        a.queueAudio(new AudioTag(1, 0), tone16k(440, 2000));
        Thread.sleep(100);
        int portA = a.localRtpPort();
        int portB = b.localRtpPort();
        a.close();
        a.close();
        b.close();
        assertPortsFree(portA);
        assertPortsFree(portB);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("parley-rtp-")
                && (t.getName().endsWith("-" + portA) || t.getName().endsWith("-" + portB))), "bridge threads ended");
        assertThrows(IllegalStateException.class, () -> a.queueAudio(new AudioTag(1, 0), new short[320]));
    }

    private static void assertPortsFree(int rtpPort) throws IOException {
        try (DatagramChannel rtp = DatagramChannel.open(); DatagramChannel rtcp = DatagramChannel.open()) {
            rtp.bind(new InetSocketAddress("127.0.0.1", rtpPort));
            rtcp.bind(new InetSocketAddress("127.0.0.1", rtpPort + 1));
        }
    }

    /**
     * Frame k of the agent's audio is a 500 Hz tone at level 1000 * 1.1^k (mu-law keeps levels to a few percent), so the other bridge can
     * tell, after PCMU and two resamplings, which frame each packet carried: a frame sent twice, lost
     * or out of order shows. PCMU because Opus would blur the levels.
     */
    @Test
    void pauseThenResumeSendsEveryFrameOnceInOrderOnOneRunningStream() throws Exception {
        int frames = 30;
        short[] levels = new short[frames * 320];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = (short) Math.round(1000 * Math.pow(1.1, i / 320) * Math.sin(2 * Math.PI * 500 * i / 16_000.0));
        }
        RtpBridgeSettings settings = RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.PCMU));
        java.util.concurrent.atomic.AtomicInteger reported = new java.util.concurrent.atomic.AtomicInteger();
        ConcurrentLinkedQueue<AudioTag> tags = new ConcurrentLinkedQueue<>();
        FrameRecorder heardByB = new FrameRecorder();
        RtpAudioBridge a = open(settings, new FrameRecorder(), (tag, samples, at) -> {
            reported.addAndGet(samples);
            tags.add(tag);
        });
        RtpAudioBridge b = open(settings, heardByB, PlayoutListener.NONE);
        connect(a, b);
        AudioTag first = new AudioTag(5, 0);
        AudioTag second = new AudioTag(5, 1);
        a.queueAudio(first, java.util.Arrays.copyOfRange(levels, 0, 15 * 320));
        a.queueAudio(second, java.util.Arrays.copyOfRange(levels, 15 * 320, levels.length));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (reported.get() < 8 * 320 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }

        QueuedAudio held = a.pause();
        int reportedAtPause = reported.get();
        long packetsAtPause = a.counters().sent();
        assertEquals(held, a.pause(), "a second pause changes nothing");
        Thread.sleep(300);
        assertEquals(reportedAtPause, reported.get(), "nothing of the held audio goes out after pause() returned");
        assertEquals(packetsAtPause, a.counters().sent());
        assertEquals(frames * 320, reportedAtPause + held.samples(), "every sample was either reported as sent or is held");
        assertEquals(held.samples(), held.byTag().stream().mapToInt(QueuedAudio.Tagged::samples).sum());
        assertTrue(held.frames() > 0 && held.frames() < frames, "paused mid-reply: " + held);
        a.resume();
        while (reported.get() < frames * 320 && System.nanoTime() < deadline + 5_000_000_000L) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertEquals(frames * 320, reported.get(), "every sample reported once");
        assertEquals(0, a.queuedFrames());
        List<AudioTag> order = List.copyOf(tags);
        assertEquals(first, order.get(0));
        assertEquals(second, order.get(order.size() - 1));
        assertEquals(order.lastIndexOf(first) + 1, order.indexOf(second), "the first chunk's packets all came before the second's");

        List<Integer> heardLevels = new ArrayList<>();
        int silentRun = 0;
        int longestSilenceInside = 0;
        for (InboundAudioFrame frame : heardByB.frames()) {
            // Past both resamplers' delay, over whole periods of the tone (32 samples) so the level is exact.
            double rms = Signals.rms(java.util.Arrays.copyOfRange(frame.samples(), 96, 320));
            if (rms < 300) {
                silentRun++;
                continue;
            }
            if (!heardLevels.isEmpty()) {
                longestSilenceInside = Math.max(longestSilenceInside, silentRun);
            }
            silentRun = 0;
            heardLevels.add((int) Math.round(Math.log(rms * Math.sqrt(2) / 1000) / Math.log(1.1)));
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, frames).boxed().toList();
        assertEquals(expected, heardLevels, "the other bridge heard every frame once, in order");
        assertTrue(longestSilenceInside >= 10, "the pause was heard as silence: " + longestSilenceInside + " frames");
        a.close();
        Thread.sleep(100);
        BridgeCounters atB = b.counters();
        assertEquals(a.counters().sent() + a.counters().silenceSent(), atB.received(), "one stream, every packet arrived");
        assertEquals(0, atB.lost(), "sequence numbers ran on through the pause");
        assertEquals(0, atB.concealed());
    }
    @Test
    void theBridgesThreadsComeFromTheGivenFactoryAndAreAllGoneAfterCloseOnEveryPath() throws Exception {
        List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
        RtpAudioBridge a = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE, factory);
        RtpAudioBridge b = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE, factory);
        toClose.add(a);
        toClose.add(b);
        connect(a, b);
        a.queueAudio(new AudioTag(1, 0), tone16k(440, 200));
        Thread.sleep(100);
        List<Thread> bridgeThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().endsWith("-" + a.localRtpPort()) || t.getName().endsWith("-" + b.localRtpPort()))
                .filter(t -> t.getName().startsWith("parley-rtp-")).toList();
        assertEquals(4, bridgeThreads.size(), "receive and send thread of each bridge: " + bridgeThreads);
        assertTrue(made.containsAll(bridgeThreads), "every bridge thread came from the factory");
        assertEquals(4, made.size());
        a.close();
        b.close();
        assertTrue(made.stream().noneMatch(Thread::isAlive), "all stopped after close");

        // A factory that refuses the second thread (a container shutting down): start fails, nothing runs, close still releases all.
        int[] calls = {0};
        RtpAudioBridge refused = RtpAudioBridge.open(RtpBridgeSettings.defaults(), f -> { }, PlayoutListener.NONE, runnable -> {
            if (++calls[0] == 2) {
                throw new java.util.concurrent.RejectedExecutionException("shutting down");
            }
            return factory.newThread(runnable);
        });
        int refusedPort = refused.localRtpPort();
        RtpAudioBridge peer = open(RtpBridgeSettings.defaults(), new FrameRecorder(), PlayoutListener.NONE);
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> refused.start(peer.sdpOffer()));
        assertEquals(5, made.size());
        assertFalse(made.get(4).isAlive(), "the thread made before the refusal never started");
        refused.close();
        assertPortsFree(refusedPort);
    }
}
