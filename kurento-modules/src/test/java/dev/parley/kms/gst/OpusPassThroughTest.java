package dev.parley.kms.gst;

import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.RtpPeer;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KMS's agnosticbin decodes and codes again only between elements whose codecs differ: Opus that
 * one endpoint receives reaches another that sends Opus as it was sent, and is decoded for a sink
 * that carries another codec (or for a tap) at the same time.
 */
class OpusPassThroughTest {
    private static final int OPUS_PT = 111;
    private static GstMediaEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new GstMediaEngine(new GstEngineConfig(List.of(), 31000, 31999, "", 3478, ""));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void opusBetweenTwoOpusEndpointsPassesThroughByteForByteAsKmsAgnosticbinDoesWhenCodecsMatch() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        try (DatagramSocket caller = loopbackSocket(); DatagramSocket callee = loopbackSocket()) {
            RtpMedia in = pipeline.createRtpEndpoint("p/in", RtpOptions.defaults(), new MediaEventLog());
            RtpMedia out = pipeline.createRtpEndpoint("p/out", RtpOptions.defaults(), new MediaEventLog());
            int inPort = audioPort(in.processOffer(opusOffer(caller.getLocalPort(), "sendonly")));
            out.processOffer(opusOffer(callee.getLocalPort(), "recvonly"));
            in.linkAudio(out);

            List<byte[]> sent = new ArrayList<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        byte[] payload = new byte[41];
                        payload[0] = (byte) 0xF8; // TOC: CELT fullband, 20 ms, mono, one frame
                        Arrays.fill(payload, 1, payload.length, (byte) i);
                        synchronized (sent) {
                            sent.add(payload);
                        }
                        byte[] packet = rtp(OPUS_PT, i, i * 960L, 0x1234, payload);
                        caller.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), inPort));
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            List<byte[]> received = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            callee.setSoTimeout(1500);
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            try {
                while (received.size() < 100) {
                    callee.receive(packet);
                    byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                    if (data.length <= 12 || (data[1] & 0x7F) != OPUS_PT) {
                        continue; // RTCP
                    }
                    received.add(Arrays.copyOfRange(data, payloadOffset(data), data.length));
                    timestamps.add(((data[4] & 0xFFL) << 24) | ((data[5] & 0xFFL) << 16) | ((data[6] & 0xFFL) << 8) | (data[7] & 0xFFL));
                }
            } catch (SocketTimeoutException e) {
                // the sender is done: what arrived is judged below
            }
            sender.join();
            assertTrue(received.size() >= 80, "the callee got " + received.size() + " of 100 Opus packets");
            int matched = 0;
            int next = 0;
            for (byte[] payload : received) {
                for (int i = next; i < sent.size(); i++) {
                    if (Arrays.equals(sent.get(i), payload)) {
                        matched++;
                        next = i + 1;
                        break;
                    }
                }
            }
            assertEquals(received.size(), matched, "every packet the callee got is one the caller sent, unchanged and in order"
                    + " (a decoder and encoder between them would have coded the audio anew)");
            for (int i = 1; i < timestamps.size(); i++) {
                assertEquals(960L, (timestamps.get(i) - timestamps.get(i - 1)) & 0xFFFF_FFFFL,
                        "RTP time advances by the 20 ms each packet carries: " + timestamps);
            }
            assertFalse(((GstElementMedia) in).transcodes(), "nothing was decoded on the way");
        } finally {
            pipeline.close();
        }
        assertEquals(0, engine.rtpPortPairsInUse());
    }

    @Test
    void opusIsDecodedForAPcmuSinkWhileAnOpusSinkOfTheSameSourceGetsItAsSentAsKmsAgnosticbinTranscodesOnlyWhereCodecsDiffer() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        try (RtpPeer pcmuPeer = new RtpPeer(); DatagramSocket opusPeer = loopbackSocket()) {
            // The tone is coded to Opus by one endpoint and received by another: real Opus packets.
            RtpMedia toneSender = pipeline.createRtpEndpoint("p/tone", RtpOptions.defaults(), new MediaEventLog());
            RtpMedia source = pipeline.createRtpEndpoint("p/source", RtpOptions.defaults(), new MediaEventLog());
            toneSender.processAnswer(source.processOffer(toneSender.generateOffer(true, false)));
            RtpMedia pcmu = pipeline.createRtpEndpoint("p/pcmu", RtpOptions.defaults(), new MediaEventLog());
            pcmuPeer.remoteDescription(pcmu.processOffer(pcmuPeer.offer()));
            RtpMedia opus = pipeline.createRtpEndpoint("p/opus", RtpOptions.defaults(), new MediaEventLog());
            opus.processOffer(opusOffer(opusPeer.getLocalPort(), "recvonly"));
            source.linkAudio(pcmu);
            source.linkAudio(opus);

            GstPassThroughTest.pushTone((GstElementMedia) toneSender, 880, 1500);
            assertTrue(((GstElementMedia) source).transcodes(), "decodes for the PCMU sink");

            assertTrue(pcmuPeer.packetsReceived() > 40, "the PCMU peer got " + pcmuPeer.packetsReceived() + " packets");
            assertEquals(880, Tones.dominantFrequency(pcmuPeer.heard(), RtpPeer.RATE, 200, 2000, 1), 3);
            opusPeer.setSoTimeout(500);
            int opusPackets = 0;
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            try {
                while (true) {
                    opusPeer.receive(packet);
                    if (packet.getLength() > 12 && (packet.getData()[1] & 0x7F) == OPUS_PT) {
                        opusPackets++;
                    }
                }
            } catch (SocketTimeoutException e) {
                // all read
            }
            assertTrue(opusPackets > 40, "the Opus peer got " + opusPackets + " packets");

            source.unlinkAudio(pcmu);
            assertFalse(((GstElementMedia) source).transcodes(), "no sink needs decoded audio any more");
        } finally {
            pipeline.close();
        }
        assertEquals(0, engine.rtpPortPairsInUse());
    }

    private static DatagramSocket loopbackSocket() throws Exception {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static String opusOffer(int port, String direction) {
        return "v=0\r\no=- 1 0 IN IP4 127.0.0.1\r\ns=opus-peer\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + OPUS_PT + "\r\na=rtpmap:" + OPUS_PT + " opus/48000/2\r\n"
                + "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1\r\na=" + direction + "\r\n";
    }

    private static int audioPort(String answer) {
        Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(answer);
        assertTrue(port.find(), answer);
        return Integer.parseInt(port.group(1));
    }

    private static byte[] rtp(int payloadType, int sequence, long timestamp, int ssrc, byte[] payload) {
        byte[] packet = new byte[12 + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    private static int payloadOffset(byte[] data) {
        int offset = 12 + 4 * (data[0] & 0x0F);
        if ((data[0] & 0x10) != 0) { // a header extension: its length is in 32-bit words
            offset += 4 + 4 * (((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF));
        }
        return offset;
    }
}
