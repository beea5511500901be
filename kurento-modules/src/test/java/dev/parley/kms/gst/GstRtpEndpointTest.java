package dev.parley.kms.gst;

import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GstRtpEndpointTest {
    private static final int MIN_PORT = 30000;
    private static final int MAX_PORT = 30999;
    private static GstMediaEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new GstMediaEngine(new GstEngineConfig(List.of(), MIN_PORT, MAX_PORT, "", 3478, ""));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void answersAPcmuPeerAndCarriesTonesBothWays() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        MediaEventLog events = new MediaEventLog();
        RtpMedia endpoint = pipeline.createRtpEndpoint("p/rtp", RtpOptions.defaults(), events);
        try (RtpPeer peer = new RtpPeer()) {
            String offer = peer.offer().replace("RTP/AVP 0", "RTP/AVP 0 96").replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000")
                    + "m=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
            String answer = endpoint.processOffer(offer);
            System.out.println(answer);
            Matcher port = Pattern.compile("m=audio (\\d+) RTP/AVP 0\r\n").matcher(answer);
            assertTrue(port.find(), "audio answered with PCMU only, RTP/AVP mirrored: " + answer);
            int rtpPort = Integer.parseInt(port.group(1));
            assertEquals(0, rtpPort % 2, "even RTP port");
            assertTrue(rtpPort >= MIN_PORT && rtpPort < MAX_PORT, "port in range");
            assertTrue(answer.contains("a=rtcp:" + (rtpPort + 1) + "\r\n"), "RTCP on the next port");
            assertTrue(answer.contains("c=IN IP4 127.0.0.1"), "loopback-only host answers 127.0.0.1");
            assertTrue(answer.contains("m=video 0 RTP/AVP 96"), "video rejected");
            assertTrue(!answer.contains("rtcp-mux"), "no rtcp-mux");

            peer.remoteDescription(answer);
            ByteArrayOutputStream heard = new ByteArrayOutputStream();
            long[] firstDecoded = {0};
            ((GstElementMedia) endpoint).addOutputTap(pcm -> {
                synchronized (heard) {
                    if (firstDecoded[0] == 0) {
                        firstDecoded[0] = System.nanoTime();
                    }
                    heard.writeBytes(pcm);
                }
            });
            peer.sendTone(440);
            long pushStart = System.nanoTime();
            GstPassThroughTest.pushTone((GstElementMedia) endpoint, 660, 1500);
            synchronized (heard) {
                // Printed, not asserted: first-packet latencies through the endpoint on loopback.
                System.out.printf("peer RTP -> decoded output %.1f ms; raw input -> peer RTP %.1f ms%n",
                        (firstDecoded[0] - peer.firstSentNanos()) / 1e6, (peer.firstPacketNanos() - pushStart) / 1e6);
            }

            byte[] fromPeer;
            synchronized (heard) {
                fromPeer = heard.toByteArray();
            }
            assertTrue(fromPeer.length > RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 2, "engine decoded " + fromPeer.length + " bytes");
            assertEquals(440, Tones.dominantFrequency(Tones.firstChannel(fromPeer, 2), RawAudio.RATE, 200, 2000, 1), 3);
            double[] atPeer = peer.heard();
            assertTrue(peer.packetsReceived() > 40, "peer got " + peer.packetsReceived() + " packets");
            assertEquals(660, Tones.dominantFrequency(atPeer, RtpPeer.RATE, 200, 2000, 1), 3);
            assertTrue(events.await("flowOut true"::equals, 1000));
            assertTrue(events.await("flowIn true"::equals, 1000));
            System.out.printf("peer sent %d, received %d RTP, %d RTCP%n", peer.packetsSent(), peer.packetsReceived(), peer.rtcpReceived());
        }
        pipeline.close();
        assertEquals(0, engine.rtpPortPairsInUse());
    }

    /**
     * Input reaches an element from Java in bursts (here three 20 ms chunks at once every 60 ms, the
     * way a paced sender catches up). Arrival-time stamps turned such bursts into RTP timestamps that
     * jumped by anything from 22 to 3840 samples, and Chromium concealed two thirds of an agent's
     * answer; the stream a peer receives must advance by exactly the audio it carries.
     */
    @Test
    void rtpTimestampsAdvanceByTheAudioCarriedEvenWhenInputArrivesInBursts() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        RtpMedia endpoint = pipeline.createRtpEndpoint("p/rtp", RtpOptions.defaults(), new MediaEventLog());
        try (RtpPeer peer = new RtpPeer()) {
            peer.remoteDescription(endpoint.processOffer(peer.offer()));
            GstElementMedia element = (GstElementMedia) endpoint;
            long offset = 0;
            for (int burst = 0; burst < 25; burst++) {
                for (int chunk = 0; chunk < 3; chunk++) {
                    element.pushInput(Tones.sine(660, RawAudio.RATE, 2, 20, offset, 0.5));
                    offset += RawAudio.RATE / 50;
                }
                Thread.sleep(60);
            }
            Thread.sleep(300);
            List<Long> timestamps = peer.rtpTimestamps();
            assertTrue(timestamps.size() > 60, "the peer got most of 1.5 s of audio: " + timestamps.size() + " packets");
            java.util.Map<Long, Long> steps = new java.util.TreeMap<>();
            for (int i = 1; i < timestamps.size(); i++) {
                steps.merge((timestamps.get(i) - timestamps.get(i - 1)) & 0xFFFF_FFFFL, 1L, Long::sum);
            }
            System.out.println("RTP timestamp steps (step=count) for bursty input: " + steps);
            long regular = steps.getOrDefault((long) RtpPeer.RATE / 50, 0L);
            assertTrue(regular >= timestamps.size() - 3,
                    "every packet but a resync or two is 20 ms (160 samples) after the one before: " + steps);
        }
        pipeline.close();
    }

    @Test
    void twoRtpEndpointsCarryOpusFromOfferToAnswer() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        RtpMedia offerer = pipeline.createRtpEndpoint("p/a", RtpOptions.defaults(), new MediaEventLog());
        RtpMedia answerer = pipeline.createRtpEndpoint("p/b", RtpOptions.defaults(), new MediaEventLog());
        String offer = offerer.generateOffer(true, false);
        assertTrue(offer.contains("RTP/AVPF 96 0"), offer);
        String answer = answerer.processOffer(offer);
        assertTrue(answer.contains("RTP/AVPF 96 0"), "offer's PT order kept: " + answer);
        assertEquals(offer, offerer.processAnswer(answer), "processAnswer returns the local SDP");

        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        ((GstElementMedia) answerer).addOutputTap(pcm -> {
            synchronized (heard) {
                heard.writeBytes(pcm);
            }
        });
        GstPassThroughTest.pushTone((GstElementMedia) offerer, 880, 1200);
        byte[] received;
        synchronized (heard) {
            received = heard.toByteArray();
        }
        assertTrue(received.length > RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 2, "got " + received.length + " bytes");
        assertEquals(880, Tones.dominantFrequency(Tones.firstChannel(received, 2), RawAudio.RATE, 200, 2000, 1), 3);
        pipeline.close();
    }

    /**
     * RFC 7587: the rtpmap always says opus/48000/2, but a receiver that does not ask for stereo
     * (stereo=1) gets mono, as browsers and KMS's peers expect and Parley's bridge decodes; voice
     * coded as stereo cost the media server about twice the encoding CPU.
     */
    @Test
    void opusToAPeerThatDidNotAskForStereoIsMono() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        RtpMedia endpoint = pipeline.createRtpEndpoint("p/rtp", RtpOptions.defaults(), new MediaEventLog());
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            String answer = endpoint.processOffer("v=0\r\no=- 1 0 IN IP4 127.0.0.1\r\ns=opus-peer\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + peer.getLocalPort() + " RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
                    + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=sendrecv\r\n");
            assertTrue(answer.contains("a=rtpmap:111 opus/48000/2"), answer);
            Thread pusher = new Thread(() -> {
                try {
                    GstPassThroughTest.pushTone((GstElementMedia) endpoint, 440, 600);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            pusher.start();
            peer.setSoTimeout(3000);
            java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[1500], 1500);
            int opusPackets = 0;
            int stereo = 0;
            while (opusPackets < 20) {
                peer.receive(packet);
                if (packet.getLength() <= 12 || (packet.getData()[1] & 0x7F) != 111) {
                    continue; // not an Opus RTP packet
                }
                opusPackets++;
                byte[] data = packet.getData();
                int payload = 12 + 4 * (data[0] & 0x0F);
                if ((data[0] & 0x10) != 0) { // a header extension: its length is in 32-bit words
                    payload += 4 + 4 * (((data[payload + 2] & 0xFF) << 8) | (data[payload + 3] & 0xFF));
                }
                if ((data[payload] & 0x04) != 0) { // the TOC byte's stereo flag
                    stereo++;
                }
            }
            pusher.join();
            assertEquals(0, stereo, stereo + " of " + opusPackets + " Opus packets coded as stereo");
        }
        pipeline.close();
    }

    @Test
    void releasingEndpointsFreesTheirPortsAndDescriptors() throws Exception {
        int fdsBefore = openFileDescriptors();
        int lastPort = 0;
        for (int i = 0; i < 10; i++) {
            PipelineMedia pipeline = engine.createPipeline("p" + i);
            RtpMedia endpoint = pipeline.createRtpEndpoint("p" + i + "/rtp", RtpOptions.defaults(), new MediaEventLog());
            try (RtpPeer peer = new RtpPeer()) {
                endpoint.processOffer(peer.offer());
            }
            lastPort = ((GstRtpEndpoint) endpoint).rtpPort();
            pipeline.close();
        }
        assertEquals(0, engine.rtpPortPairsInUse());
        assertEquals(0, engine.openElements());
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("0.0.0.0", lastPort));
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress("0.0.0.0", lastPort + 1))) {
            assertTrue(rtp.isBound() && rtcp.isBound(), "released ports can be bound again");
        }
        int fdsAfter = openFileDescriptors();
        assertTrue(fdsAfter - fdsBefore < 10, "descriptors before " + fdsBefore + ", after " + fdsAfter);
    }

    static int openFileDescriptors() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
